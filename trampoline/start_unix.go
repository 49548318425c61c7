//go:build unix

package trampoline

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/supervise"
)

// Spec says what to start and how.
type Spec struct {
	// Steps the stage applies before it execs.
	Steps Steps
	// Path is the command, looked up in the PATH of Env as execvp(3)
	// does unless it contains a slash; empty means Argv[0].
	Path string
	// Argv is the command's argv, Argv[0] included.
	Argv []string
	// Dir is the command's working directory; empty means the caller's.
	Dir string
	// Env is the command's environment; nil means the caller's.
	Env []string
	// Stdin, Stdout and Stderr become the command's fds 0, 1 and 2; nil
	// means the caller's own.
	Stdin, Stdout, Stderr *os.File
	// Pdeathsig is sent to the command when the thread that started it
	// exits (Linux only; ignored elsewhere and with Detach).
	Pdeathsig syscall.Signal
	// Hold, when set, runs in the caller while the stage starts up, and
	// the stage applies no step and execs nothing until Hold has
	// returned. It is the place for work that must be done before the
	// command runs but need not delay the stage, such as catching
	// signals. If the caller dies during Hold, the stage exits without
	// running the command.
	Hold func()
	// Forked, when set, runs in the caller once the stage has been
	// forked: after Hold, before the command can run when the stage
	// waits at its gate (Linux); without the gate, while the command may
	// already be running. It is the place for changes to the caller
	// that the stage must not inherit.
	Forked func()
}

// ErrNoCommand is returned by [Start] for an empty Argv.
var ErrNoCommand = errors.New("trampoline: no command")

// Start runs spec's command through a stage and returns its PID once the
// command has been exec'd. The command is the caller's child, which the
// caller must wait for, unless spec has the Detach step. When the stage
// fails, Start reaps it and returns a *[StepError] (or [ErrStageDied]).
// In a set-id process the error matches [ErrSetID] and nothing runs.
func Start(spec Spec) (int, error) {
	path := spec.Path
	if path == "" && len(spec.Argv) > 0 {
		path = spec.Argv[0]
	}
	if len(spec.Argv) == 0 || path == "" {
		return 0, ErrNoCommand
	}
	if spec.Steps&^allSteps != 0 {
		return 0, errBadSteps
	}
	if isSetID() {
		// The stage would refuse (it inherits the IDs, or gets the file's
		// owner as its effective ID): refuse before forking it.
		return 0, &StepError{Step: StepSetID, Err: syscall.EPERM}
	}
	r, w, err := cloexecPipe()
	if err != nil {
		return 0, fmt.Errorf("trampoline: control pipe: %w", err)
	}
	defer unix.Close(r)

	env := spec.Env
	if env == nil {
		env = os.Environ()
	}
	args := make([]string, 0, 4+len(spec.Argv))
	args = append(args, os.Args[0], marker, spec.Steps.encode(), path)
	args = append(args, spec.Argv...)
	files := []uintptr{fdOr(spec.Stdin, 0), fdOr(spec.Stdout, 1), fdOr(spec.Stderr, 2), uintptr(w)}
	pid, err := startStage(spec, args, env, files)
	unix.Close(w)
	runtime.KeepAlive(spec.Stdin)
	runtime.KeepAlive(spec.Stdout)
	runtime.KeepAlive(spec.Stderr)
	if err == syscall.E2BIG {
		// The stage's argv is the command's plus three words: too long for
		// one is too long for the other, and it is the command's failure.
		return 0, &StepError{Step: StepExec, Err: syscall.E2BIG}
	}
	if err != nil {
		return 0, fmt.Errorf("trampoline: start stage: %w", err)
	}

	msg, rerr := readAll(r)
	rep, derr := decodeReport(msg)
	switch {
	case rerr != nil || derr != nil:
		// The stage is ours but speaks nonsense: do not leave it running.
		_ = unix.Kill(pid, unix.SIGKILL)
		reap(pid)
		return 0, errors.Join(rerr, derr)
	case spec.Steps&Detach != 0:
		reap(pid) // the first stage exits as soon as it has reported
		if rep.failure != nil {
			return 0, rep.failure
		}
		if rep.pid == 0 || !rep.ready {
			return 0, ErrStageDied
		}
		return rep.pid, nil
	case rep.failure != nil:
		reap(pid)
		return 0, rep.failure
	case !rep.ready:
		ws := reap(pid)
		return 0, fmt.Errorf("%w (%v)", ErrStageDied, describe(ws))
	}
	return pid, nil
}

func fdOr(f *os.File, fd uintptr) uintptr {
	if f == nil {
		return fd
	}
	return f.Fd()
}

func readAll(fd int) ([]byte, error) {
	var buf [64]byte
	var out []byte
	for {
		n, err := unix.Read(fd, buf[:])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return out, fmt.Errorf("trampoline: read control pipe: %w", err)
		case n == 0:
			return out, nil
		}
		out = append(out, buf[:n]...)
		if len(out) > 4096 {
			return out, errBadReport
		}
	}
}

// reap waits for a stage that failed; its status only explains the
// failure. Waiting is internal/supervise's (it owns every wait(2)).
func reap(pid int) syscall.WaitStatus {
	ws, _ := supervise.Wait(pid, supervise.WaitOptions{})
	return ws
}

func describe(ws syscall.WaitStatus) string {
	if ws.Signaled() {
		return "killed by " + unix.SignalName(ws.Signal())
	}
	return fmt.Sprintf("exit status %d", ws.ExitStatus())
}

// forkExecSelf starts the running executable. On Linux it is
// /proc/self/exe, which still names this very binary after an upgrade
// replaced the file on disk; without /proc it falls back to os.Executable.
func forkExecSelf(args []string, attr *syscall.ProcAttr) (int, error) {
	if selfPath != "" {
		pid, err := syscall.ForkExec(selfPath, args, attr)
		if err != syscall.ENOENT {
			return pid, err
		}
	}
	exe, err := executable()
	if err != nil {
		return 0, err
	}
	return syscall.ForkExec(exe, args, attr)
}

func executable() (string, error) {
	if exe, err := os.Executable(); err == nil {
		return exe, nil
	}
	// No /proc: argv[0] is the best remaining witness, found the way the
	// shell that started us found it.
	if !strings.Contains(os.Args[0], "/") {
		return exec.LookPath(os.Args[0])
	}
	return filepath.Abs(os.Args[0])
}

// startStage forks the stage. With spec.Hold it overlaps Hold with the
// stage's start-up behind a gate where the platform allows (see
// gateOverlaps). The gate costs two descriptors; without them (a tight
// RLIMIT_NOFILE) Hold runs first instead: slower, and just as safe.
func startStage(spec Spec, args, env []string, files []uintptr) (int, error) {
	if spec.Hold != nil && gateOverlaps {
		pid, err := startGated(spec, args, env, files)
		if err != unix.EMFILE && err != unix.ENFILE {
			return pid, err
		}
	}
	if spec.Hold != nil {
		spec.Hold()
	}
	pid, err := forkExecSelf(args, &syscall.ProcAttr{Dir: spec.Dir, Env: env, Files: files, Sys: sysProcAttr(spec.Steps, spec.Pdeathsig)})
	if err == nil && spec.Forked != nil {
		spec.Forked()
	}
	return pid, err
}

// startGated forks a stage that waits at the gate (fd 4), runs spec.Hold,
// then opens the gate. The stage waits under the caller's parent-death
// signal, or SIGKILL, so that it cannot outlive a parent killed during
// Hold; the byte that opens the gate says which of the two to keep.
func startGated(spec Spec, args, env []string, files []uintptr) (int, error) {
	gr, gw, err := cloexecPipe()
	if err != nil {
		return 0, err
	}
	defer unix.Close(gw)
	open, waitSig := []byte{gateKeepPdeathsig}, spec.Pdeathsig
	if waitSig == 0 {
		open, waitSig = []byte{gateClear}, syscall.SIGKILL
	}
	gatedArgs := append([]string{args[0], args[1], (spec.Steps | holdGate).encode()}, args[3:]...)
	gatedFiles := append(files[:len(files):len(files)], uintptr(gr))
	pid, err := forkExecSelf(gatedArgs, &syscall.ProcAttr{Dir: spec.Dir, Env: env, Files: gatedFiles, Sys: sysProcAttr(spec.Steps, waitSig)})
	unix.Close(gr)
	if err != nil {
		return 0, err
	}
	spec.Hold()
	if spec.Forked != nil {
		spec.Forked()
	}
	// A failed write leaves the stage reading EOF: it exits without
	// running the command, which the caller learns from the control pipe.
	_, _ = unix.Write(gw, open)
	return pid, nil
}
