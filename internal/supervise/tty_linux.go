package supervise

import (
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// ReleaseTerminal gives up the controlling terminal on stdin so that the
// command, which starts in a new session, can take it and run job control
// (a shell under `docker run -it`). It does so only when the caller leads
// the session that owns that terminal, which is how runc and docker start
// PID 1; from an interactive shell it does nothing, so the user's terminal
// is never taken from their shell. It reports whether the terminal is free.
//
// When a session leader detaches, the kernel sends SIGHUP and SIGCONT to
// the terminal's foreground group, that is to us: they are ignored around
// the ioctl so that they are discarded when sent, and are neither taken
// for a hangup nor forwarded. Call it just before [Catch], which catches
// them again.
func ReleaseTerminal() bool {
	pid := unix.Getpid()
	if sid, err := unix.Getsid(0); err != nil || sid != pid {
		return false
	}
	if tsid, err := unix.IoctlGetInt(0, unix.TIOCGSID); err != nil || tsid != pid {
		return false
	}
	// No Reset afterwards: that would restore Go's default for SIGHUP,
	// death, until Catch installs its handlers again, which it does.
	signal.Ignore(syscall.SIGHUP, syscall.SIGCONT)
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, 0, unix.TIOCNOTTY, 0)
	return errno == 0
}
