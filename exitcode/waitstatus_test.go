//go:build unix

package exitcode_test

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sysprims/sysprims/exitcode"
)

// The raw wait(2) encoding below is the Unix one; Windows has its own
// syscall.WaitStatus.

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

func ExampleFromWaitStatus() {
	var ws syscall.WaitStatus = 0x000f // killed by SIGTERM
	st := exitcode.FromWaitStatus(ws)
	fmt.Println(st, st.ExitCode())
	// Output: signal: terminated 143
}
