//go:build linux

package dropin

import (
	"bytes"
	"syscall"
	"testing"

	"github.com/sysprims/sysprims/exitcode"
)

// TestSetsidExitCodeOf pins util-linux's -w exit codes: the child's code,
// or the raw wait status's low byte for a death by signal (the signal
// number, plus 0x80 with a core dump), never 128+N.
func TestSetsidExitCodeOf(t *testing.T) {
	tests := []struct {
		name     string
		status   syscall.WaitStatus // Linux encoding: code<<8, or signal|0x80
		wantCode int
		wantMsg  string
	}{
		{name: "exit 0", status: 0, wantCode: 0},
		{name: "exit 255", status: 255 << 8, wantCode: 255},
		{name: "TERM", status: 15, wantCode: 15, wantMsg: "setsid: child 42 did not exit normally: Success\n"},
		{name: "KILL", status: 9, wantCode: 9, wantMsg: "setsid: child 42 did not exit normally: Success\n"},
		{name: "SEGV with core", status: 11 | 0x80, wantCode: 139, wantMsg: "setsid: child 42 did not exit normally: Success\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			s := &setsidRun{name: "setsid", stderr: &stderr}
			if got := s.exitCodeOf(42, exitcode.FromWaitStatus(tt.status)); got != tt.wantCode {
				t.Errorf("exitCodeOf(%#x) = %d, want %d", uint32(tt.status), got, tt.wantCode)
			}
			if got := stderr.String(); got != tt.wantMsg {
				t.Errorf("message = %q, want %q", got, tt.wantMsg)
			}
		})
	}
}
