//go:build unix

package spawnhook

import "github.com/sysprims/sysprims/internal/supervise"

// Options are set on a spawn.Cmd before Start.
type Options struct {
	// Supervise makes Start catch and Wait forward through a Supervisor
	// with this Config (ForwardSignals' defaults otherwise).
	Supervise *supervise.Config
	// LeaveCaught skips restoring the signals' handling after Wait (not
	// after a failed Start, which restores it: another may follow): it
	// costs a round trip to the runtime per signal, and a caller that
	// exits right after has no use for it.
	LeaveCaught bool
}

// Apply gives cmd, a *spawn.Cmd, opt. Set by package spawn.
var Apply func(cmd any, opt Options)
