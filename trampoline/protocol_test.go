package trampoline

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStepsRoundTrip(t *testing.T) {
	for s := Steps(0); s <= allSteps; s++ {
		got, err := decodeSteps(s.encode())
		if err != nil || got != s {
			t.Errorf("decodeSteps(%q) = %v, %v; want %v", s.encode(), got, err, s)
		}
	}
}

func TestDecodeStepsRejects(t *testing.T) {
	for _, arg := range []string{"", "x", "ss", "s-", "-s", "S", "sh\x00"} {
		if s, err := decodeSteps(arg); !errors.Is(err, errBadSteps) {
			t.Errorf("decodeSteps(%q) = %v, %v; want errBadSteps", arg, s, err)
		}
	}
}

func TestDecodeReport(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want report
	}{
		{"stage died", "", report{}},
		{"exec succeeded", "x", report{ready: true}},
		{"exec failed", "x" + string(encodeFailure(StepExec, syscall.ENOENT)), report{ready: true, failure: &StepError{StepExec, syscall.ENOENT}}},
		{"ctty failed", string(encodeFailure("ctty", syscall.ENOTTY)), report{failure: &StepError{"ctty", syscall.ENOTTY}}},
		{"detached", string(encodePID(4242)) + "x", report{pid: 4242, ready: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeReport([]byte(tt.in))
			if err != nil {
				t.Fatalf("decodeReport(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(report{})); diff != "" {
				t.Errorf("decodeReport(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDecodeReportRejects(t *testing.T) {
	for _, in := range []string{"xx", "p", "p0", "p-1", "p12p13", "e", "eexec", "eexec ", "eexec 2x", "eexec 2eexec 3", "q", "e 2", "eexec 99999999999"} {
		if _, err := decodeReport([]byte(in)); !errors.Is(err, errBadReport) {
			t.Errorf("decodeReport(%q) err = %v, want errBadReport", in, err)
		}
	}
}

func TestStepErrorMatches(t *testing.T) {
	var err error = &StepError{StepExec, syscall.ENOENT}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("exec ENOENT does not match fs.ErrNotExist")
	}
	err = &StepError{StepExec, syscall.EACCES}
	if !errors.Is(err, fs.ErrPermission) {
		t.Error("exec EACCES does not match fs.ErrPermission")
	}
	if errors.Is(err, ErrSetID) {
		t.Error("exec EACCES matches ErrSetID")
	}
	// What a refusing set-id stage reports, decoded as the parent does.
	rep, derr := decodeReport(encodeFailure(StepSetID, syscall.EPERM))
	if derr != nil || rep.failure == nil {
		t.Fatalf("decodeReport(setid failure) = %+v, %v", rep, derr)
	}
	err = rep.failure
	if !errors.Is(err, ErrSetID) || !errors.Is(err, fs.ErrPermission) || err.Error() != "refusing to run the stage in a set-id program" {
		t.Errorf("set-id refusal %q does not match ErrSetID and fs.ErrPermission", err)
	}
}
