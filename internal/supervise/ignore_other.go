//go:build unix && !linux

package supervise

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// uncatchable: SIGPROF belongs to the runtime's profiler. See the Linux
// version.
var uncatchable = []syscall.Signal{unix.SIGPROF}

// inheritedIgnored is what os/signal can tell (see the Linux version).
func inheritedIgnored() []syscall.Signal { return ignoredPortably() }

// IgnoreUncatchable does nothing here: without rt_sigaction's known
// layout, SIGPROF keeps its default.
func IgnoreUncatchable() {}
