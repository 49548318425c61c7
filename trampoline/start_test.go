//go:build unix

package trampoline

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The test binary is itself a valid stage: this package's init enters it.

func waitFor(t *testing.T, pid int) syscall.WaitStatus {
	t.Helper()
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil {
		t.Fatalf("wait4(%d): %v", pid, err)
	}
	return ws
}

// noChildren fails if the test process still has a child (a zombie left by Start).
func noChildren(t *testing.T) {
	t.Helper()
	var ws syscall.WaitStatus
	if pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil); err != syscall.ECHILD {
		t.Errorf("a child is left behind: wait4(-1) = %d, %v", pid, err)
	}
}

func TestStartRunsCommandWithStagePID(t *testing.T) {
	pid, err := Start(Spec{Steps: NewSession, Argv: []string{"sh", "-c", `test "$(cut -d' ' -f6 /proc/$$/stat)" = $$`}})
	if err != nil {
		t.Fatal(err)
	}
	if ws := waitFor(t, pid); ws.ExitStatus() != 0 {
		t.Errorf("command is not its own session leader: %v", ws.ExitStatus())
	}
	noChildren(t)
}

func TestStartReportsExecFailure(t *testing.T) {
	_, err := Start(Spec{Argv: []string{"/nonexistent/sysprims-test"}})
	var se *StepError
	if !errors.As(err, &se) || se.Step != StepExec || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Start error = %v, want exec ENOENT", err)
	}
	noChildren(t)
}

func TestStartReportsStepFailure(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	_, err = Start(Spec{Steps: NewSession | ControllingTTY, Argv: []string{"true"}, Stdin: devnull})
	var se *StepError
	if !errors.As(err, &se) || se.Step != "ctty" || se.Err != syscall.ENOTTY {
		t.Fatalf("Start error = %v, want ctty ENOTTY", err)
	}
	noChildren(t)
}

func TestStartNoticesStageDeath(t *testing.T) {
	_, err := Start(Spec{Steps: dieBeforeExec, Argv: []string{"true"}})
	if !errors.Is(err, ErrStageDied) {
		t.Fatalf("Start error = %v, want ErrStageDied", err)
	}
	noChildren(t)
}

func TestStartDetachLeavesNoChild(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The command blocks reading the pipe until the test closes its end.
	pid, err := Start(Spec{Steps: Detach | NewSession, Argv: []string{"sh", "-c", "read x"}, Stdin: r})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syscall.Wait4(pid, nil, syscall.WNOHANG, nil); err != syscall.ECHILD {
		t.Errorf("detached command %d is still our child (wait4: %v)", pid, err)
	}
	noChildren(t)
	if sid, _ := unix.Getsid(pid); sid != pid {
		t.Errorf("detached command: sid %d, want %d", sid, pid)
	}
	w.Close()
}

func TestStartRejectsEmptyArgv(t *testing.T) {
	if _, err := Start(Spec{}); !errors.Is(err, ErrNoCommand) {
		t.Fatalf("Start(empty) = %v, want ErrNoCommand", err)
	}
}

// The command never runs before Hold has returned, even though Hold runs
// while the stage starts up. (That the gate's descriptor does not reach
// the command is tested on the command line, integration_test.go.)
func TestStartHoldRunsBeforeCommand(t *testing.T) {
	flag := t.TempDir() + "/held"
	for _, pdeathsig := range []syscall.Signal{0, syscall.SIGTERM} {
		held := false
		pid, err := Start(Spec{
			Steps:     NewSession,
			Argv:      []string{"sh", "-c", `test -e "$0"`, flag},
			Pdeathsig: pdeathsig,
			Hold: func() {
				if err := os.WriteFile(flag, nil, 0o600); err != nil {
					t.Error(err)
				}
				held = true
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if ws := waitFor(t, pid); !held || ws.ExitStatus() != 0 {
			t.Errorf("pdeathsig %d: held %v, command exit %d; want Hold run first", pdeathsig, held, ws.ExitStatus())
		}
		os.Remove(flag)
		noChildren(t)
	}
}

// An argument the kernel refuses (over MAX_ARG_STRLEN, 128 KiB) fails the
// stage's own exec; that is the command's failure, reported as an exec
// E2BIG (126 in sysprims), not as a failure to start the stage.
func TestStartArgumentTooLong(t *testing.T) {
	_, err := Start(Spec{Argv: []string{"true", strings.Repeat("a", 200<<10)}})
	var se *StepError
	if !errors.As(err, &se) || se.Step != StepExec || se.Err != syscall.E2BIG {
		t.Fatalf("Start error = %v, want exec E2BIG", err)
	}
	noChildren(t)
}
