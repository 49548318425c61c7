package supervise

import (
	"os"
	"os/signal"
	"slices"
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
// for a hangup nor forwarded. Then they are handled again (by a sink that
// drops them until [Catch] catches them), not left ignored: the command's
// stage, started next, would inherit the SIG_IGN. Call it before [Catch].
func ReleaseTerminal() bool {
	pid := unix.Getpid()
	if sid, err := unix.Getsid(0); err != nil || sid != pid {
		return false
	}
	if tsid, err := unix.IoctlGetInt(0, unix.TIOCGSID); err != nil || tsid != pid {
		return false
	}
	ignored := inheritedIgnored()
	var restore []os.Signal
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGCONT} {
		if !slices.Contains(ignored, sig) {
			restore = append(restore, sig)
		}
	}
	signal.Ignore(syscall.SIGHUP, syscall.SIGCONT)
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, 0, unix.TIOCNOTTY, 0)
	if len(restore) > 0 { // Notify with no signal would take them all
		// Not Reset: that would restore Go's default for SIGHUP, death.
		signal.Notify(make(chan os.Signal), restore...)
	}
	return errno == 0
}
