//go:build linux

package supervise_test

import (
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/supervise"
)

// Only signals a program may use are accepted, and a refusal says why.
func TestSuperviseParseSignalRange(t *testing.T) {
	type outcome struct {
		Sig syscall.Signal
		Err string
	}
	for _, tc := range []struct {
		in   string
		want outcome
	}{
		{"1", outcome{Sig: unix.SIGHUP}},
		{"31", outcome{Sig: unix.SIGSYS}},
		{"34", outcome{Sig: 34}},
		{"64", outcome{Sig: 64}},
		{"RTMAX", outcome{Sig: 64}},
		{"0", outcome{Err: `invalid signal number "0": signals are 1-31 and RTMIN to RTMAX (34-64)`}},
		{"-1", outcome{Err: `invalid signal number "-1": signals are 1-31 and RTMIN to RTMAX (34-64)`}},
		{"32", outcome{Err: "signal 32 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64)"}},
		{"33", outcome{Err: "signal 33 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64)"}},
		{"65", outcome{Err: `invalid signal number "65": signals are 1-31 and RTMIN to RTMAX (34-64)`}},
		{"RTMIN-1", outcome{Err: `unknown signal "RTMIN-1"`}},
		{"RTMAX+1", outcome{Err: `unknown signal "RTMAX+1"`}},
	} {
		sig, err := supervise.ParseSignal(tc.in)
		got := outcome{Sig: sig}
		if err != nil {
			got.Err = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseSignal(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

// FROM must be a signal the supervisor forwards; TO a usable signal or 0.
func TestSuperviseParseRewriteRange(t *testing.T) {
	type outcome struct {
		From, To syscall.Signal
		Err      string
	}
	for _, tc := range []struct {
		in   string
		want outcome
	}{
		{"TERM:KILL", outcome{From: unix.SIGTERM, To: unix.SIGKILL}},
		{"HUP:STOP", outcome{From: unix.SIGHUP, To: unix.SIGSTOP}},
		{"RTMIN+3:TERM", outcome{From: 37, To: unix.SIGTERM}},
		{"TERM:RTMIN+3", outcome{From: unix.SIGTERM, To: 37}},
		{"TSTP:0", outcome{From: unix.SIGTSTP}},
		{"KILL:TERM", outcome{Err: `invalid rewrite "KILL:TERM": SIGKILL cannot be caught`}},
		{"9:15", outcome{Err: `invalid rewrite "9:15": SIGKILL cannot be caught`}},
		{"STOP:0", outcome{Err: `invalid rewrite "STOP:0": SIGSTOP cannot be caught`}},
		{"CHLD:TERM", outcome{Err: `invalid rewrite "CHLD:TERM": SIGCHLD is not forwarded: it tells sysprims that a child has exited`}},
		{"URG:TERM", outcome{Err: `invalid rewrite "URG:TERM": SIGURG is not forwarded: the Go runtime sends it to its own threads`}},
		{"PROF:TERM", outcome{Err: `invalid rewrite "PROF:TERM": SIGPROF is not forwarded: the Go runtime keeps it for its profiler`}},
		{"RTMIN:TERM", outcome{Err: `invalid rewrite "RTMIN:TERM": SIGRTMIN is not forwarded: the Go runtime does not let a program catch it`}},
		{"RTMIN+1:TERM", outcome{From: 35, To: unix.SIGTERM}},
		{"TERM:RTMIN", outcome{From: unix.SIGTERM, To: 34}},
		{"32:TERM", outcome{Err: `invalid rewrite "32:TERM": signal 32 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64)`}},
		{"TERM:32", outcome{Err: `invalid rewrite "TERM:32": signal 32 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64)`}},
		{"TERM:33", outcome{Err: `invalid rewrite "TERM:33": signal 33 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64)`}},
		{"TERM:65", outcome{Err: `invalid rewrite "TERM:65": invalid signal number "65": signals are 1-31 and RTMIN to RTMAX (34-64)`}},
		{"TERM:-1", outcome{Err: `invalid rewrite "TERM:-1": invalid signal number "-1": signals are 1-31 and RTMIN to RTMAX (34-64)`}},
	} {
		from, to, err := supervise.ParseRewrite(tc.in)
		got := outcome{From: from, To: to}
		if err != nil {
			got.Err = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseRewrite(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}
