// Package limits checks, before sysprims does any work, that the process
// and address-space limits leave it room to run: below them the Go
// runtime would fail later, half way through, with a fatal error of a
// hundred lines instead of one line of explanation.
//
// Only what a limit alone rules out is refused; the check cannot see how
// much of RLIMIT_NPROC the user's other processes already take, which
// counts against the same limit.
package limits

import "errors"

// ErrTooLow is matched (errors.Is) by the error of [Check].
var ErrTooLow = errors.New("resource limit too low")

// tooLow is Check's error: its text is the whole explanation.
type tooLow string

func (e tooLow) Error() string        { return string(e) }
func (e tooLow) Is(target error) bool { return target == ErrTooLow }
