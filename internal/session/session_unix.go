//go:build unix

package session

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/sysprims/sysprims/internal/nohupout"
	"github.com/sysprims/sysprims/internal/tty"
	"github.com/sysprims/sysprims/trampoline"
)

// Options are the knobs the front ends share.
type Options struct {
	Detach    bool           // re-parent the command instead of keeping it as a child
	Pdeathsig syscall.Signal // signal for the command when the caller dies
	Hold      func()         // see trampoline.Spec.Hold
}

// StartSetsid starts argv as the leader of a new session and process group,
// with the terminal on stdin as its controlling terminal when ctty is set.
func StartSetsid(argv []string, ctty bool, opt Options) (int, error) {
	steps := trampoline.NewSession
	if ctty {
		steps |= trampoline.ControllingTTY
	}
	return start(trampoline.Spec{Argv: argv}, steps, opt)
}

// Nohup is a started nohup'd command.
type Nohup struct {
	PID        int
	OutputFile string // where stdout went, or "" when it was left alone
}

// StartNohup starts argv with SIGHUP ignored. Stdout goes to output when it
// is set; otherwise, when stdout is a terminal, to ./nohup.out or
// $HOME/nohup.out. Stderr follows stdout when it is a terminal; a terminal
// stdin is replaced by /dev/null. If no output file can be opened the
// command is not started, and a file this call created is removed again
// when the command cannot be executed.
func StartNohup(argv []string, output string, opt Options) (Nohup, error) {
	if len(argv) == 0 || argv[0] == "" {
		return Nohup{}, ErrEmptyCommand
	}
	spec := trampoline.Spec{Argv: argv}
	var out *nohupout.File
	var err error
	switch {
	case output != "":
		out, err = nohupout.Open(output, nohupout.Options{Guard: true})
	case tty.IsTerminal(1):
		out, err = nohupout.OpenDefault(nohupout.Options{Guard: true})
	}
	if errors.Is(err, nohupout.ErrNoOutput) {
		return Nohup{}, err // already says what it is: each candidate and why
	}
	if err != nil {
		return Nohup{}, fmt.Errorf("output file: %w", err)
	}
	if out != nil {
		spec.Stdout = out.File
	}
	if tty.IsTerminal(2) {
		spec.Stderr = spec.Stdout // nil: the caller's stdout, fd 1
		if spec.Stderr == nil {
			spec.Stderr = os.Stdout
		}
	}
	if tty.IsTerminal(0) {
		devnull, err := os.Open(os.DevNull)
		if err != nil {
			if out != nil {
				out.Remove()
			}
			return Nohup{}, err
		}
		defer devnull.Close()
		spec.Stdin = devnull
	}
	pid, err := start(spec, trampoline.IgnoreHangup, opt)
	if out == nil {
		return Nohup{PID: pid}, err
	}
	if err != nil {
		out.Remove()
		return Nohup{}, err
	}
	out.Close()
	return Nohup{PID: pid, OutputFile: out.Name}, nil
}

func start(spec trampoline.Spec, steps trampoline.Steps, opt Options) (int, error) {
	if len(spec.Argv) == 0 || spec.Argv[0] == "" {
		return 0, ErrEmptyCommand
	}
	spec.Steps = steps
	if opt.Detach {
		spec.Steps |= trampoline.Detach
	}
	spec.Pdeathsig = opt.Pdeathsig
	spec.Hold = opt.Hold
	pid, err := trampoline.Start(spec)
	var se *trampoline.StepError
	if errors.As(err, &se) && se.Step == trampoline.StepExec {
		return 0, &ExecError{Name: spec.Argv[0], Err: se.Err}
	}
	return pid, err
}
