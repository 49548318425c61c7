//go:build unix

package spawnhook

import "github.com/sysprims/sysprims/internal/supervise"

// Options are set on a spawn.Cmd before Start.
type Options struct {
	// Supervise makes Start catch and Wait forward through a Supervisor
	// with this Config (ForwardSignals' defaults otherwise).
	Supervise *supervise.Config
	// SupervisorOnly says the caller is nothing but the command's
	// supervisor, and exits once Wait returns. So its threads are pinned
	// to one CPU while they catch signals (internal/pin); SIGPROF and (Linux)
	// signal 34, which the runtime keeps from os/signal and which sent
	// from outside would kill it, are ignored once the stage is forked
	// (supervise.IgnoreUncatchable); and the signals stay caught after
	// Wait (not after a failed Start, which restores them: another may
	// follow), since restoring costs a round trip to the runtime per
	// signal. A program that goes on, or profiles itself, must not set it.
	SupervisorOnly bool
}

// Apply gives cmd, a *spawn.Cmd, opt. Set by package spawn.
var Apply func(cmd any, opt Options)
