package exitcode_test

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

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

func TestStatus(t *testing.T) {
	tests := []struct {
		ws   syscall.WaitStatus // raw wait(2) status
		want exitcode.Status
		code int
		str  string
	}{
		{0x0000, exitcode.Status{}, 0, "exit status 0"},
		{0x0700, exitcode.Status{Code: 7}, 7, "exit status 7"},
		{0xff00, exitcode.Status{Code: 255}, 255, "exit status 255"},
		{0x000f, exitcode.Status{Signal: syscall.SIGTERM}, 143, "signal: terminated"},
		{0x0009, exitcode.Status{Signal: syscall.SIGKILL}, 137, "signal: killed"},
		{0x008b, exitcode.Status{Signal: syscall.SIGSEGV, CoreDumped: true}, 139, "signal: segmentation fault (core dumped)"},
	}
	for _, tt := range tests {
		got := exitcode.FromWaitStatus(tt.ws)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FromWaitStatus(%#x) mismatch (-want +got):\n%s", uint32(tt.ws), diff)
		}
		if c := got.ExitCode(); c != tt.code {
			t.Errorf("%v.ExitCode() = %d, want %d", got, c, tt.code)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("String() = %q, want %q", s, tt.str)
		}
		if got.Success() != (tt.code == 0) {
			t.Errorf("%v.Success() = %v", got, got.Success())
		}
	}
}

func ExampleFromError() {
	err := fmt.Errorf("start: %w", execFailure{syscall.ENOENT})
	fmt.Println(exitcode.FromError(nil), exitcode.FromError(err), exitcode.FromError(errors.New("usage")))
	// Output: 0 127 1
}

func ExampleForExec() {
	fmt.Println(exitcode.ForExec(syscall.ENOENT), exitcode.ForExec(syscall.EACCES))
	// Output: 127 126
}

func ExampleFromWaitStatus() {
	var ws syscall.WaitStatus = 0x000f // killed by SIGTERM
	st := exitcode.FromWaitStatus(ws)
	fmt.Println(st, st.ExitCode())
	// Output: signal: terminated 143
}

func ExampleStatus_ExitCode() {
	fmt.Println(exitcode.Status{Code: 3}.ExitCode(), exitcode.Status{Signal: syscall.SIGINT}.ExitCode())
	// Output: 3 130
}
