package trampoline

import (
	"errors"
	"fmt"
	"strconv"
	"syscall"

	"github.com/sysprims/sysprims/internal/steps"
)

// marker is argv[1] of a stage. It is not secret: the stage also needs the
// control fd, which only a parent that means it hands over. v2 carries the
// command's path apart from its argv[0].
const marker = "sysprims-stage:v2"

// controlFD is the stage's end of the status pipe.
const controlFD = 3

// gateFD is the stage's end of the gate pipe (holdGate only). The parent
// opens the gate with one byte: gateClear (the stage drops the SIGKILL
// parent-death signal it waited under) or gateKeepPdeathsig (the caller
// asked for one, which the stage waited under and keeps).
const (
	gateFD            = 4
	gateClear         = 'g'
	gateKeepPdeathsig = 'G'
)

// Steps is the set of things the stage does to itself before it execs.
type Steps uint8

// The steps, applied in this order.
const (
	// Detach starts the command from a second stage and reports its PID,
	// so the command is not the caller's child.
	Detach Steps = 1 << iota
	// NewSession calls setsid(2): the command leads a new session and
	// process group and has no controlling terminal.
	NewSession
	// ControllingTTY makes the terminal on stdin the controlling terminal
	// (TIOCSCTTY, stealing it from another session when privileged, as
	// util-linux setsid -c does). It needs NewSession.
	ControllingTTY
	// IgnoreHangup sets SIGHUP to SIG_IGN, which survives exec.
	IgnoreHangup
	// dieBeforeExec makes the stage kill itself with SIGKILL just before
	// it would exec; tests use it to prove that the parent notices. Only
	// the package's tests give it a letter (and the stage an action for
	// it): a release build cannot decode it, so no caller can ask for it.
	dieBeforeExec
	// holdGate makes the stage wait, before any other step, until the
	// parent writes "g" on gateFD; set by [Start] when [Spec.Hold] is.
	holdGate

	allSteps = holdGate<<1 - 1
)

// stepLetter is the argv form of one step.
type stepLetter struct {
	step   Steps
	letter byte
}

// stepLetters encodes each step as one letter of argv[2]; "-" stands for
// none. dieBeforeExec has no letter here: the package's tests add one.
var stepLetters = []stepLetter{
	{Detach, 'd'},
	{NewSession, 's'},
	{ControllingTTY, 'c'},
	{IgnoreHangup, 'h'},
	{holdGate, 'g'},
}

// beforeExec, when set (by the package's tests only), runs in the stage
// just before it reports ready and execs.
var beforeExec func(Steps)

// encode returns the argv form of s.
func (s Steps) encode() string {
	b := make([]byte, 0, len(stepLetters))
	for _, sl := range stepLetters {
		if s&sl.step != 0 {
			b = append(b, sl.letter)
		}
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}

// errBadSteps is returned for a steps argument that this version did not write.
var errBadSteps = errors.New("trampoline: malformed steps")

// decodeSteps parses the argv form written by [Steps.encode].
func decodeSteps(arg string) (Steps, error) {
	if arg == "-" {
		return 0, nil
	}
	if arg == "" {
		return 0, errBadSteps
	}
	var s Steps
next:
	for i := 0; i < len(arg); i++ {
		for _, sl := range stepLetters {
			if arg[i] == sl.letter && s&sl.step == 0 {
				s |= sl.step
				continue next
			}
		}
		return 0, fmt.Errorf("%w: %q", errBadSteps, arg)
	}
	return s, nil
}

// Step names the step a [StepError] happened in.
type Step string

// The names of the steps a [StepError] can report: one for each of
// [Steps], then the control fd check, the exec itself, the fork of a
// detaching stage and the refusal of a set-id stage.
const (
	StepDetach Step = "detach"
	StepSetsid Step = steps.NewSession // the names internal/steps reports
	StepCtty   Step = steps.ControllingTTY
	StepSighup Step = steps.IgnoreHangup
	StepExec   Step = "exec"
	StepStage  Step = "stage"
	StepFork   Step = "fork"
	StepSetID  Step = "setid"
)

// StepError reports that the stage failed at one step, with the errno of
// the failing system call. It unwraps to that errno, so it matches
// fs.ErrNotExist, fs.ErrPermission and the syscall.Errno values.
type StepError struct {
	Step Step
	Err  syscall.Errno
}

func (e *StepError) Error() string {
	if e.Step == StepSetID {
		return errSetIDText
	}
	return string(e.Step) + ": " + e.Err.Error()
}

func (e *StepError) Unwrap() error { return e.Err }

// Is makes a refusal of a set-id stage match [ErrSetID].
func (e *StepError) Is(target error) bool { return target == ErrSetID && e.Step == StepSetID }

const errSetIDText = "refusing to run the stage in a set-id program"

// ErrSetID is matched (errors.Is) by the error [Start] returns when the
// caller, or the stage it started, runs with real and effective user or
// group IDs that differ, or (Linux) with the auxiliary vector's AT_SECURE
// flag set: the stage runs nothing then, see the package documentation.
// The error also matches fs.ErrPermission.
var ErrSetID = errors.New("trampoline: " + errSetIDText)

// ErrStageDied is returned when the stage ended before it reached exec
// without saying why, for example because it was killed.
var ErrStageDied = errors.New("trampoline: stage died before exec")

// report is what the parent learned from the control pipe.
type report struct {
	pid     int  // PID reported by a detaching stage, or 0
	ready   bool // the stage reached exec
	failure *StepError
}

// The messages the stage writes on the control fd.
func encodeReady() []byte { return []byte{'x'} }

func encodePID(pid int) []byte { return strconv.AppendInt([]byte{'p'}, int64(pid), 10) }

func encodeFailure(step Step, errno syscall.Errno) []byte {
	b := append([]byte{'e'}, step...)
	b = append(b, ' ')
	return strconv.AppendUint(b, uint64(errno), 10)
}

var errBadReport = errors.New("trampoline: malformed report from stage")

// decodeReport parses everything a stage (or a detaching stage and its
// successor) wrote before the pipe reached EOF.
func decodeReport(b []byte) (report, error) {
	var r report
	for len(b) > 0 {
		switch b[0] {
		case 'p':
			n := digits(b[1:])
			pid, err := strconv.Atoi(string(b[1 : 1+n]))
			if n == 0 || err != nil || pid <= 0 || r.pid != 0 {
				return r, errBadReport
			}
			r.pid, b = pid, b[1+n:]
		case 'x':
			// A stage never reports ready after it failed.
			if r.ready || r.failure != nil {
				return r, errBadReport
			}
			r.ready, b = true, b[1:]
		case 'e':
			// Not necessarily last: a detaching stage's "p<pid>" may
			// arrive after its successor's failure.
			sp := indexByte(b, ' ')
			if sp < 2 {
				return r, errBadReport
			}
			n := digits(b[sp+1:])
			errno, err := strconv.ParseUint(string(b[sp+1:sp+1+n]), 10, 32)
			if n == 0 || err != nil || r.failure != nil {
				return r, errBadReport
			}
			r.failure = &StepError{Step: Step(b[1:sp]), Err: syscall.Errno(errno)}
			b = b[sp+1+n:]
		default:
			return r, errBadReport
		}
	}
	return r, nil
}

func digits(b []byte) int {
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n
}

func indexByte(b []byte, c byte) int {
	for i := range b {
		if b[i] == c {
			return i
		}
	}
	return -1
}
