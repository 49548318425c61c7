//go:build unix

package exitcode_test

// The raw wait(2) encoding is the Unix one; Windows has its own
// syscall.WaitStatus. Seed corpus: testdata/fuzz/FuzzFromWaitStatus; run
//
//	go test -run '^$' -fuzz FuzzFromWaitStatus -fuzztime 3m ./exitcode

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/sysprims/sysprims/exitcode"
)

// FuzzFromWaitStatus checks the mapping from any raw status to an exit
// code against the layout wait(2) documents: low 7 bits 0 means exited
// with the code in bits 8..15; 1..126 means killed by that signal (bit 7:
// core dumped); 0x7f (stopped) and 0xffff (continued) are not endings
// and are only reported with WUNTRACED or WCONTINUED, which sysprims
// never passes.
func FuzzFromWaitStatus(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw uint32) {
		ws := syscall.WaitStatus(raw)
		st := exitcode.FromWaitStatus(ws) // must not panic, whatever raw is
		low := raw & 0x7f
		if low == 0x7f || raw&0xffff == 0xffff {
			return // stopped or continued: not an ending
		}
		var want exitcode.Status
		var code int
		var text string
		if low == 0 {
			want = exitcode.Status{Code: int(raw>>8) & 0xff}
			code = want.Code
			text = fmt.Sprintf("exit status %d", code)
		} else {
			want = exitcode.Status{Signal: syscall.Signal(low), CoreDumped: raw&0x80 != 0}
			code = 128 + int(low)
			text = "signal: " + syscall.Signal(low).String()
			if want.CoreDumped {
				text += " (core dumped)"
			}
		}
		if st != want {
			t.Fatalf("FromWaitStatus(%#x) = %+v, want %+v", raw, st, want)
		}
		// Checked on the result, not on the model: an exit code is 0..255,
		// and one for a death by signal N (1..126) is 128+N, 129..254.
		got := st.ExitCode()
		if got < 0 || got > 255 {
			t.Fatalf("FromWaitStatus(%#x).ExitCode() = %d, outside 0..255", raw, got)
		}
		if st.Signal != 0 && (got < 129 || got > 254) {
			t.Fatalf("FromWaitStatus(%#x).ExitCode() = %d for a signal, outside 129..254", raw, got)
		}
		if got != code {
			t.Fatalf("FromWaitStatus(%#x).ExitCode() = %d, want %d", raw, got, code)
		}
		if str := st.String(); str != text {
			t.Fatalf("FromWaitStatus(%#x).String() = %q, want %q", raw, str, text)
		}
		if st.Success() != (code == 0) {
			t.Fatalf("FromWaitStatus(%#x).Success() = %v with exit code %d", raw, st.Success(), code)
		}
	})
}
