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
// It is read once, on the first call (from internal/early's init, as the
// program starts): later calls would see what the program itself ignored
// since, and would open a file while the command starts, which a tight
// RLIMIT_NOFILE cannot spare.
var inheritedIgnored = sync.OnceValue(readSigIgn)

func readSigIgn() []syscall.Signal {
	status, err := readSmallFile("/proc/self/status")
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

// readSmallFile reads path with plain system calls: os.ReadFile would
// start the runtime's network poller, whose two descriptors then stay
// open for good, which a tight RLIMIT_NOFILE cannot spare.
func readSmallFile(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf := make([]byte, 0, 4096)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, err
		case n == 0:
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
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
