package session

import (
	"errors"

	"github.com/sysprims/sysprims/exitcode"
)

// ExecError reports that the command could not be executed. It unwraps to
// the errno, so errors.Is(err, fs.ErrNotExist) tells "not found" from
// errors.Is(err, fs.ErrPermission) and the other reasons.
type ExecError struct {
	Name string // the command as given
	Err  error  // the errno execvp(3) left
}

func (e *ExecError) Error() string { return "failed to execute " + e.Name + ": " + e.Err.Error() }
func (e *ExecError) Unwrap() error { return e.Err }

// ExitCode is 127 when the command was not found, 126 otherwise.
func (e *ExecError) ExitCode() int { return exitcode.ForExec(e.Err) }

// ErrNotSupported is returned where the platform has no sessions.
var ErrNotSupported = notSupported{}

type notSupported struct{}

func (notSupported) Error() string { return "not supported on this platform" }
func (notSupported) Is(target error) bool {
	return target == errors.ErrUnsupported
}

// ErrEmptyCommand is returned for an empty command name.
var ErrEmptyCommand = errors.New("empty command name")
