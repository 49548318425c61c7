package supervise

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/procfs"
)

// uncatchable are the signals the Go runtime does not let a program
// catch: SIGPROF is its profiler's, and 34 (SIGRTMIN as glibc numbers
// it) is the one musl's threads use, which the runtime leaves at its
// default, death. Neither can be forwarded; both are ignored once the
// command runs (IgnoreUncatchable), so neither can kill a supervisor.
var uncatchable = []syscall.Signal{unix.SIGPROF, 34}

// inheritedIgnored lists the catchable signals this process has ignored
// since it started: the kernel's SigIgn mask, read before Catch replaces
// any disposition. The runtime leaves an inherited SIG_IGN in place for
// SIGHUP and SIGINT, and for SIGCONT, SIGTSTP, SIGTTIN and SIGTTOU, which
// it handles only on request; for every other signal it installs its
// own handler at start, so an inherited SIG_IGN cannot be seen (or kept).
//
// It is read once, on the first call (Catch's, once the stage is forked):
// what the program has ignored itself by then counts too (nohup's
// SIGHUP), as it should, since the stage inherits it. Later calls would
// open a file again, while the command runs, which a tight RLIMIT_NOFILE
// cannot spare.
var inheritedIgnored = sync.OnceValue(readSigIgn)

func readSigIgn() []syscall.Signal {
	status, err := procfs.ReadFile("/proc/self/status")
	_, line, found := bytes.Cut(status, []byte("\nSigIgn:"))
	if err != nil || !found {
		return ignoredPortably()
	}
	line, _, _ = bytes.Cut(line, []byte("\n"))
	mask, err := strconv.ParseUint(string(bytes.TrimSpace(line)), 16, 64)
	if err != nil {
		return ignoredPortably()
	}
	var sigs []syscall.Signal
	for _, sig := range Catchable() {
		if mask&(1<<(sig-1)) != 0 {
			sigs = append(sigs, sig)
		}
	}
	return sigs
}

// kernelSigaction is struct sigaction as rt_sigaction(2) takes it on
// every Linux architecture but MIPS, which sysprims is not built for.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

// IgnoreUncatchable sets SIGPROF and signal 34 to SIG_IGN, behind the
// runtime's back: os/signal refuses to touch them. Call it only once the
// command's stage has been forked (trampoline.Spec.Forked), before the
// command runs if the stage waits at its gate: the stage must not inherit
// the SIG_IGN, which now and then survives into the command
// (TestCommandKeepsIgnoredSignals checks its SigIgn).
func IgnoreUncatchable() {
	if strings.HasPrefix(runtime.GOARCH, "mips") {
		return
	}
	ignore := kernelSigaction{handler: 1} // SIG_IGN
	for _, sig := range uncatchable {
		_, _, _ = unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
			uintptr(unsafe.Pointer(&ignore)), 0, unsafe.Sizeof(ignore.mask), 0, 0)
	}
}
