package trampoline

// Fuzz targets for the stage protocol: the steps argument the stage
// decodes from argv and the report the parent decodes from the control
// pipe. Seed corpora are in testdata/fuzz/FuzzXxx; run one with
//
//	go test -run '^$' -fuzz FuzzDecodeReport -fuzztime 3m ./trampoline

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func FuzzDecodeSteps(f *testing.F) {
	f.Fuzz(func(t *testing.T, arg string) {
		s, err := decodeSteps(arg)
		if !validSteps(arg) {
			if !errors.Is(err, errBadSteps) {
				t.Fatalf("decodeSteps(%q) = %v, %v; want errBadSteps", arg, s, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("decodeSteps(%q): %v", arg, err)
		}
		if s&^allSteps != 0 {
			t.Fatalf("decodeSteps(%q) = %b: unknown steps", arg, s)
		}
		// Encode writes the same letters, in a fixed order.
		enc := s.encode()
		if sortBytes(enc) != sortBytes(arg) {
			t.Fatalf("decodeSteps(%q) = %v, which encodes as %q", arg, s, enc)
		}
		if back, err := decodeSteps(enc); err != nil || back != s {
			t.Fatalf("decodeSteps(encode(%v)) = %v, %v", s, back, err)
		}
	})
}

// validSteps is the model of the steps argument: "-" is no step;
// otherwise each byte is the letter of a step, each step at most once, in
// any order.
func validSteps(arg string) bool {
	if arg == "-" {
		return true
	}
	var letters []byte
	for _, sl := range stepLetters {
		letters = append(letters, sl.letter)
	}
	seen := map[byte]bool{}
	for i := 0; i < len(arg); i++ {
		if bytes.IndexByte(letters, arg[i]) < 0 || seen[arg[i]] {
			return false
		}
		seen[arg[i]] = true
	}
	return arg != ""
}

func sortBytes(s string) string {
	b := []byte(s)
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return string(b)
}

// encodeReport is the canonical form of r: what a stage that got as far
// as r says would write, PID first.
func encodeReport(r report) []byte {
	var b []byte
	if r.pid != 0 {
		b = append(b, encodePID(r.pid)...)
	}
	if r.ready {
		b = append(b, encodeReady()...)
	}
	if r.failure != nil {
		b = append(b, encodeFailure(r.failure.Step, r.failure.Err)...)
	}
	return b
}

// FuzzDecodeReport feeds the parent arbitrary bytes, as a stage that is
// not ours (or a bug) could: decoding never panics, rejects with
// errBadReport, and what it accepts is a report that encodes back to
// itself.
func FuzzDecodeReport(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		in := string(b) // decodeReport must not keep or change b
		r, err := decodeReport(b)
		if string(b) != in {
			t.Fatalf("decodeReport changed its input %q to %q", in, b)
		}
		if err != nil {
			if !errors.Is(err, errBadReport) {
				t.Fatalf("decodeReport(%q): %v, want errBadReport", in, err)
			}
			return
		}
		if r.pid < 0 {
			t.Fatalf("decodeReport(%q): pid %d", in, r.pid)
		}
		if r.failure != nil && (r.failure.Step == "" || strings.ContainsRune(string(r.failure.Step), ' ')) {
			t.Fatalf("decodeReport(%q): step %q", in, r.failure.Step)
		}
		enc := encodeReport(r)
		back, err := decodeReport(enc)
		if err != nil {
			t.Fatalf("decodeReport(%q) = %+v, whose encoding %q does not decode: %v", in, r, enc, err)
		}
		if diff := cmp.Diff(r, back, cmp.AllowUnexported(report{})); diff != "" {
			t.Fatalf("decodeReport(%q) round trip through %q (-first +second):\n%s", in, enc, diff)
		}
	})
}

// FuzzReportOrder checks that the parent understands every report the
// stages can really write. A plain stage writes "x" when its steps are
// done and then, if exec fails, "e<step> <errno>"; it writes only the
// failure when a step fails. With Detach, the first stage writes
// "p<pid>" after starting the second one, which then writes as above on
// the same pipe: the two are independent processes, so the PID can land
// anywhere in the second stage's sequence (pos picks where).
func FuzzReportOrder(f *testing.F) {
	f.Fuzz(func(t *testing.T, pid uint32, step string, errno uint32, detach, ready, failed bool, pos uint8) {
		if failed && (step == "" || strings.ContainsRune(step, ' ')) {
			return // no step is named so
		}
		want := report{ready: ready}
		var msgs [][]byte
		if ready {
			msgs = append(msgs, encodeReady())
		}
		if failed {
			want.failure = &StepError{Step: Step(step), Err: syscall.Errno(errno)}
			msgs = append(msgs, encodeFailure(want.failure.Step, want.failure.Err))
		}
		if detach {
			want.pid = int(pid%(1<<22)) + 1 // PIDs are 1..4194304 on Linux
			at := int(pos) % (len(msgs) + 1)
			msgs = append(msgs[:at], append([][]byte{encodePID(want.pid)}, msgs[at:]...)...)
		}
		var b []byte
		for _, m := range msgs {
			b = append(b, m...)
		}
		got, err := decodeReport(b)
		if err != nil {
			t.Fatalf("decodeReport(%q): %v; want %+v", b, err, want)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(report{})); diff != "" {
			t.Fatalf("decodeReport(%q) mismatch (-want +got):\n%s", b, diff)
		}
	})
}
