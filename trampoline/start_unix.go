//go:build unix

package trampoline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// Spec says what to start and how.
type Spec struct {
	// Steps the stage applies before it execs.
	Steps Steps
	// Argv is the command and its arguments; Argv[0] is looked up in PATH
	// as execvp(3) does.
	Argv []string
	// Env is the command's environment; nil means the caller's.
	Env []string
	// Stdin, Stdout and Stderr become the command's fds 0, 1 and 2; nil
	// means the caller's own.
	Stdin, Stdout, Stderr *os.File
	// Pdeathsig is sent to the command when the thread that started it
	// exits (Linux and FreeBSD; ignored elsewhere and with Detach).
	Pdeathsig syscall.Signal
}

// ErrNoCommand is returned by [Start] for an empty Argv.
var ErrNoCommand = errors.New("trampoline: no command")

// Start runs spec's command through a stage and returns its PID once the
// command has been exec'd. The command is the caller's child, which the
// caller must wait for, unless spec has the Detach step. When the stage
// fails, Start reaps it and returns a *[StepError] (or [ErrStageDied]).
func Start(spec Spec) (int, error) {
	if len(spec.Argv) == 0 {
		return 0, ErrNoCommand
	}
	if spec.Steps&^allSteps != 0 {
		return 0, errBadSteps
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
	args := make([]string, 0, 3+len(spec.Argv))
	args = append(args, os.Args[0], Marker, spec.Steps.Encode())
	args = append(args, spec.Argv...)
	attr := &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{fdOr(spec.Stdin, 0), fdOr(spec.Stdout, 1), fdOr(spec.Stderr, 2), uintptr(w)},
		Sys:   sysProcAttr(spec),
	}
	pid, err := forkExecSelf(args, attr)
	unix.Close(w)
	runtime.KeepAlive(spec.Stdin)
	runtime.KeepAlive(spec.Stdout)
	runtime.KeepAlive(spec.Stderr)
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

func reap(pid int) syscall.WaitStatus {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			return ws
		}
	}
}

func describe(ws syscall.WaitStatus) string {
	if ws.Signaled() {
		return "killed by " + ws.Signal().String()
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
	// No /proc: argv[0] is the best remaining witness.
	if filepath.IsAbs(os.Args[0]) {
		return os.Args[0], nil
	}
	return filepath.Abs(os.Args[0])
}
