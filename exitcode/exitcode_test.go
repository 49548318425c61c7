package exitcode_test

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/sysprims/sysprims/exitcode"
)

type execFailure struct{ err error }

func (e execFailure) Error() string { return e.err.Error() }
func (e execFailure) Unwrap() error { return e.err }
func (e execFailure) ExitCode() int { return exitcode.ForExec(e.err) }

func TestFromError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"plain error is the wrapper's own failure", errors.New("boom"), 1},
		{"fs.ErrNotExist alone is not an exec failure", fs.ErrNotExist, 1},
		{"exec ENOENT", execFailure{syscall.ENOENT}, 127},
		{"exec EACCES", execFailure{syscall.EACCES}, 126},
		{"exec ENOEXEC", execFailure{syscall.ENOEXEC}, 126},
		{"exec EISDIR", execFailure{syscall.EISDIR}, 126},
		{"exec ENAMETOOLONG", execFailure{syscall.ENAMETOOLONG}, 126},
		{"wrapped coder", fmt.Errorf("start: %w", execFailure{syscall.ENOENT}), 127},
		{"status as error", fmt.Errorf("x: %w", statusErr{exitcode.Status{Signal: syscall.SIGKILL}}), 137},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitcode.FromError(tt.err); got != tt.want {
				t.Errorf("FromError(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

type statusErr struct{ exitcode.Status }

func (statusErr) Error() string { return "status" }

func ExampleFromError() {
	err := fmt.Errorf("start: %w", execFailure{syscall.ENOENT})
	fmt.Println(exitcode.FromError(nil), exitcode.FromError(err), exitcode.FromError(errors.New("usage")))
	// Output: 0 127 1
}

func ExampleForExec() {
	fmt.Println(exitcode.ForExec(syscall.ENOENT), exitcode.ForExec(syscall.EACCES))
	// Output: 127 126
}

func ExampleStatus_ExitCode() {
	fmt.Println(exitcode.Status{Code: 3}.ExitCode(), exitcode.Status{Signal: syscall.SIGINT}.ExitCode())
	// Output: 3 130
}
