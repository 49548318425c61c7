package exitcode

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// Exit codes with a fixed meaning.
const (
	Success      = 0   // the command succeeded
	Failure      = 1   // the wrapper's own failure: usage, files, internal errors
	CannotInvoke = 126 // the command was found but could not be executed
	NotFound     = 127 // the command was not found
	SignalBase   = 128 // added to the number of the signal that killed the command
)

// Coder is implemented by errors that carry the exit code they stand for.
type Coder interface {
	ExitCode() int
}

// FromError returns the exit code for err: [Success] for nil, the code of
// the first error in the chain that implements [Coder], else [Failure].
func FromError(err error) int {
	if err == nil {
		return Success
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	return Failure
}

// ForExec returns the exit code for a failure to execute a command:
// [NotFound] when err matches [fs.ErrNotExist] (ENOENT), else [CannotInvoke]
// (EACCES, ENOEXEC, EISDIR, ENAMETOOLONG, ...), as execvp-based tools do.
func ForExec(err error) int {
	if errors.Is(err, fs.ErrNotExist) {
		return NotFound
	}
	return CannotInvoke
}

// Status is how a process ended: with an exit code, or killed by a signal.
type Status struct {
	Code       int            // the exit code, when Signal is 0
	Signal     syscall.Signal // the signal that killed the process, or 0
	CoreDumped bool           // the process dumped core when it was killed
}

// FromWaitStatus converts a status returned by wait(2) for a process that
// ended. Stop and continue statuses (WUNTRACED, WCONTINUED) are not ends;
// for them Code is -1.
func FromWaitStatus(ws syscall.WaitStatus) Status {
	if ws.Signaled() {
		return Status{Signal: ws.Signal(), CoreDumped: ws.CoreDump()}
	}
	return Status{Code: ws.ExitStatus()}
}

// ExitCode returns the exit code a shell would report for s: the code, or
// 128+N for a death by signal N.
func (s Status) ExitCode() int {
	if s.Signal != 0 {
		return SignalBase + int(s.Signal)
	}
	return s.Code
}

// Success reports whether the process exited with code 0.
func (s Status) Success() bool { return s.Signal == 0 && s.Code == 0 }

// String describes s as "exit status N" or "signal: NAME".
func (s Status) String() string {
	if s.Signal != 0 {
		if s.CoreDumped {
			return fmt.Sprintf("signal: %v (core dumped)", s.Signal)
		}
		return fmt.Sprintf("signal: %v", s.Signal)
	}
	return fmt.Sprintf("exit status %d", s.Code)
}
