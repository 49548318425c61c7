//go:build unix

package dropin

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/execvp"
	"github.com/sysprims/sysprims/internal/steps"
	"github.com/sysprims/sysprims/internal/version"
	"github.com/sysprims/sysprims/spawn"
)

// setsidLongs are setsid's long options, in util-linux's order (the order
// an "ambiguous" message lists them in).
var setsidLongs = []longOption{
	{"ctty", 'c'}, {"fork", 'f'}, {"wait", 'w'}, {"version", 'V'}, {"help", 'h'},
}

// setsidFailure is setsid's exit code for its own errors.
const setsidFailure = 1

// Setsid runs the setsid(1) drop-in with args (os.Args) and returns its
// exit code. It returns only on failure or when it forked; otherwise the
// process has become the command.
func Setsid(args []string) int {
	s := &setsidRun{name: filepath.Base(args[0]), stderr: os.Stderr}
	var ctty, fork, wait bool
	g := newGetopt(args, "Vhcfw", setsidLongs)
	for {
		opt, ok, err := g.next()
		if err != nil {
			fmt.Fprintln(s.stderr, err)
			return s.tryHelp()
		}
		if !ok {
			break
		}
		switch opt {
		case 'c':
			ctty = true
		case 'f':
			fork = true
		case 'w':
			wait = true
		case 'h':
			return s.print(setsidHelp(s.name))
		case 'V':
			return s.print(setsidVersion(s.name, version.String()))
		}
	}
	argv := g.operands()
	if len(argv) == 0 {
		s.warn("no command specified")
		return s.tryHelp()
	}
	// util-linux forks only when it must: setsid(2) fails for a process
	// group leader.
	if fork || unix.Getpgrp() == unix.Getpid() {
		return s.forkAndRun(argv, ctty, wait)
	}
	return s.runInPlace(argv, ctty)
}

type setsidRun struct {
	name   string // basename(argv[0]), the prefix of setsid's own messages
	stderr io.Writer
}

func (s *setsidRun) warn(format string, a ...any) {
	fmt.Fprintf(s.stderr, "%s: %s\n", s.name, fmt.Sprintf(format, a...))
}

func (s *setsidRun) tryHelp() int {
	fmt.Fprintf(s.stderr, "Try '%s --help' for more information.\n", s.name)
	return setsidFailure
}

// print writes a help or version text; a write error is setsid's failure.
func (s *setsidRun) print(text string) int {
	if _, err := os.Stdout.WriteString(text); err != nil {
		s.warn("write error: %s", errnoText(err))
		return setsidFailure
	}
	return exitcode.Success
}

// runInPlace makes this process a session leader and becomes the command,
// keeping the PID, as util-linux does when it is not a group leader.
func (s *setsidRun) runInPlace(argv []string, ctty bool) int {
	if err := (steps.Plan{NewSession: true, ControllingTTY: ctty}).Apply(); err != nil {
		return s.stepFailed(err.Step, err.Errno)
	}
	err := execvp.Exec(argv, os.Environ())
	return s.execFailed(argv[0], err)
}

func (s *setsidRun) execFailed(name string, err error) int {
	s.warn("failed to execute %s: %s", name, errnoText(err))
	return exitcode.ForExec(err)
}

// forkAndRun starts the command as a child in a new session. Unlike
// util-linux, which forks and learns nothing of what the child did, the
// trampoline reports a failed exec or terminal step before the PID, so
// the error and its exit code come from this process, at once.
func (s *setsidRun) forkAndRun(argv []string, ctty, wait bool) int {
	cmd := spawn.Command(argv[0], argv[1:]...)
	cmd.Setsid, cmd.Ctty = true, ctty
	err := cmd.Start()
	var execErr *spawn.ExecError
	var stepErr *spawn.StepError
	switch {
	case errors.Is(err, spawn.ErrEmptyCommand):
		return s.execFailed("", syscall.ENOENT) // what execvp says to an empty name
	case errors.As(err, &execErr):
		return s.execFailed(argv[0], execErr.Err)
	case errors.As(err, &stepErr):
		errno, _ := stepErr.Err.(syscall.Errno)
		return s.stepFailed(stepErr.Step, errno)
	case err != nil:
		s.warn("fork: %s", errnoText(err))
		return setsidFailure
	case !wait:
		return exitcode.Success // the child is re-parented when we exit
	}
	// Wait is for this child only: util-linux's wait(2) for any child
	// fails on an inherited child or an ignored SIGCHLD.
	st, err := cmd.Wait()
	if err != nil {
		s.warn("wait: %s", errnoText(err))
		return setsidFailure
	}
	return s.exitCodeOf(cmd.PID(), st)
}

// stepFailed reports a failed setsid or controlling-terminal step in
// util-linux's words.
func (s *setsidRun) stepFailed(step string, errno syscall.Errno) int {
	if step == steps.ControllingTTY {
		s.warn("failed to set the controlling terminal: %s", strerror(errno))
	} else {
		s.warn("setsid failed: %s", strerror(errno))
	}
	return setsidFailure
}

// exitCodeOf returns the child's exit code, or for a death by signal the
// raw wait status truncated to 8 bits, as util-linux passes it to exit:
// the signal number, plus 0x80 when a core was dumped.
func (s *setsidRun) exitCodeOf(pid int, st exitcode.Status) int {
	if st.Signal == 0 {
		return st.Code
	}
	// The original appends a stale errno, which is 0 in the C locale.
	s.warn("child %d did not exit normally: %s", pid, strerror(0))
	code := int(st.Signal) & 0x7f
	if st.CoreDumped {
		code |= 0x80
	}
	return code
}
