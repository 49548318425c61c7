//go:build unix

package trampoline

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/execvp"
	internalsteps "github.com/sysprims/sysprims/internal/steps"
)

// init enters the stage before anything else of the program runs. It
// returns, and the program starts normally, unless argv carries the marker
// and the control fd is a pipe.
func init() {
	if len(os.Args) < 5 || os.Args[1] != marker || !isPipe(controlFD) {
		return
	}
	runStage(os.Args[2], os.Args[3], os.Args[4:])
}

func isPipe(fd int) bool {
	var st unix.Stat_t
	return unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO
}

// runStage applies the steps and execs path with argv. It never returns.
func runStage(stepsArg, path string, argv []string) {
	if setID() {
		refuseSetID()
	}
	steps, err := decodeSteps(stepsArg)
	if err != nil {
		fail(StepStage, syscall.EINVAL)
	}
	if _, err := unix.FcntlInt(controlFD, unix.F_SETFD, unix.FD_CLOEXEC); err != nil {
		fail(StepStage, errnoOf(err))
	}
	if steps&holdGate != 0 {
		awaitGate()
		steps &^= holdGate
	}
	if steps&Detach != 0 {
		detach(steps&^Detach, path, argv)
	}
	plan := internalsteps.Plan{
		NewSession:     steps&NewSession != 0,
		ControllingTTY: steps&ControllingTTY != 0,
		IgnoreHangup:   steps&IgnoreHangup != 0,
	}
	if err := plan.Apply(); err != nil {
		fail(Step(err.Step), err.Errno)
	}
	if beforeExec != nil {
		beforeExec(steps)
	}
	send(encodeReady())
	err = execvp.ExecName(path, argv, os.Environ())
	fail(StepExec, errnoOf(err))
}

// refuseSetID ends a stage entered in a set-id process. Whoever started
// it may be a user the set-id program does not trust, handing it a command
// to run with privileges that are not that user's: say so, tell the
// parent, run nothing.
func refuseSetID() {
	_, _ = unix.Write(2, []byte("sysprims: "+errSetIDText+"\n"))
	fail(StepSetID, syscall.EPERM)
}

// isSetID says whether the process runs with real and effective user or
// group IDs that differ.
func isSetID() bool {
	return unix.Getuid() != unix.Geteuid() || unix.Getgid() != unix.Getegid()
}

// detach starts a second stage with the remaining steps and the same
// control fd, reports its PID and exits, leaving it to be re-parented.
func detach(rest Steps, path string, argv []string) {
	args := append([]string{os.Args[0], marker, rest.encode(), path}, argv...)
	pid, err := forkExecSelf(args, &syscall.ProcAttr{
		Env:   os.Environ(),
		Files: []uintptr{0, 1, 2, controlFD},
	})
	if err != nil {
		fail(StepFork, errnoOf(err))
	}
	send(encodePID(pid))
	os.Exit(0)
}

// awaitGate blocks until the parent opens the gate. EOF instead of "g"
// means the parent is gone (killed while it prepared, say): the command
// is not run, and nobody is left to tell.
func awaitGate() {
	var b [1]byte
	n, err := unix.Read(gateFD, b[:])
	for err == unix.EINTR {
		n, err = unix.Read(gateFD, b[:])
	}
	if n != 1 || (b[0] != gateClear && b[0] != gateKeepPdeathsig) {
		os.Exit(127)
	}
	unix.Close(gateFD)
	if b[0] == gateClear {
		if err := clearPdeathsig(); err != nil {
			fail(StepStage, errnoOf(err))
		}
	}
}

func send(b []byte) {
	for len(b) > 0 {
		n, err := unix.Write(controlFD, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			os.Exit(127)
		}
		b = b[n:]
	}
}

func fail(step Step, errno syscall.Errno) {
	send(encodeFailure(step, errno))
	os.Exit(127)
}

func errnoOf(err error) syscall.Errno {
	if errno, ok := err.(syscall.Errno); ok {
		return errno
	}
	return syscall.EINVAL
}
