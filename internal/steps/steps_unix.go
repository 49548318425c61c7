//go:build unix

package steps

import (
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// Plan is what to apply; the zero Plan does nothing.
type Plan struct {
	// NewSession calls setsid(2): the process leads a new session and
	// process group and has no controlling terminal.
	NewSession bool
	// ControllingTTY makes the terminal on stdin the controlling terminal
	// (TIOCSCTTY, taking it from another session when privileged, as
	// util-linux setsid -c does). It needs NewSession, or a session leader.
	ControllingTTY bool
	// IgnoreHangup sets SIGHUP to SIG_IGN, which survives exec.
	IgnoreHangup bool
}

// Error says which step failed, with the errno of its system call.
type Error struct {
	Step  string
	Errno syscall.Errno
}

func (e *Error) Error() string { return e.Step + ": " + e.Errno.Error() }
func (e *Error) Unwrap() error { return e.Errno }

// Apply applies p's steps to the calling process, in the order of Plan's
// fields, and stops at the first that fails.
func (p Plan) Apply() *Error {
	if p.NewSession {
		if _, err := unix.Setsid(); err != nil {
			return &Error{NewSession, errnoOf(err)}
		}
	}
	if p.ControllingTTY {
		if err := unix.IoctlSetInt(0, unix.TIOCSCTTY, 1); err != nil {
			return &Error{ControllingTTY, errnoOf(err)}
		}
	}
	if p.IgnoreHangup {
		signal.Ignore(syscall.SIGHUP)
	}
	return nil
}

func errnoOf(err error) syscall.Errno {
	if errno, ok := err.(syscall.Errno); ok {
		return errno
	}
	return syscall.EINVAL
}
