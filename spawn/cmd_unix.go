//go:build unix

package spawn

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/nohupout"
	"github.com/sysprims/sysprims/internal/pin"
	"github.com/sysprims/sysprims/internal/spawnhook"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/trampoline"
)

func init() {
	spawnhook.Apply = func(cmd any, opt spawnhook.Options) { cmd.(*Cmd).sys.hook = opt }
}

// sysState is what Start leaves for Wait and Signal.
type sysState struct {
	hook   spawnhook.Options
	caught *supervise.Supervisor // set in Start when Wait forwards signals

	childEnds []*os.File     // pipe ends the command got; closed after Start
	ourEnds   []*os.File     // pipe ends the copiers use; closed by them or on failure
	copiers   []func() error // run from Start on, joined by Wait
	copyErrs  chan error

	mu     sync.Mutex // orders Signal against the reap
	reaped bool
	pidfd  int // Linux: a pidfd for Signal, or -1
}

// Start starts the command and returns once it runs: its PID is then
// known, and a failure to execute it has been reported as an *ExecError.
// A failed step is a *StepError; in a set-id program the error matches
// ErrSetID and nothing runs.
func (c *Cmd) Start() error {
	if c.started {
		return errors.New("spawn: Start called twice")
	}
	c.started = true
	c.sys.pidfd = -1
	if c.ctx != nil {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	if err := c.check(); err != nil {
		return err
	}
	spec := trampoline.Spec{Path: c.Path, Argv: c.Args, Env: c.Env, Dir: c.Dir, Pdeathsig: c.Pdeathsig}
	if len(spec.Argv) == 0 {
		spec.Argv = []string{c.Path}
	}
	if c.Setsid {
		spec.Steps |= trampoline.NewSession
	}
	if c.Ctty {
		spec.Steps |= trampoline.ControllingTTY
	}
	if c.Nohup {
		spec.Steps |= trampoline.IgnoreHangup
	}
	if c.Detach {
		spec.Steps |= trampoline.Detach
	}
	out, err := c.stdio(&spec)
	if err != nil {
		c.closeAll()
		return err
	}
	if cfg, forward := c.supervision(); forward {
		// Catching every signal takes a while (a round trip to the
		// runtime per signal): done once the stage is forked, it overlaps
		// the stage's start-up, and the command runs only after it.
		spec.Hold = func() { c.sys.caught = supervise.Catch(cfg) }
		if c.sys.hook.SupervisorOnly {
			// The caller's threads are all ours: on one CPU while they
			// catch, leaving the others to the stage (see internal/pin).
			catch := spec.Hold
			spec.Hold = func() {
				restore := pin.Threads()
				catch()
				restore()
			}
			spec.Forked = supervise.IgnoreUncatchable
		}
	}
	pid, err := trampoline.Start(spec)
	for _, f := range c.sys.childEnds {
		f.Close()
	}
	if err != nil {
		c.closeAll()
		if out != nil {
			out.Remove()
		}
		if c.sys.caught != nil {
			c.sys.caught.Stop() // nothing runs, nothing to forward to
		}
		return c.startError(err)
	}
	if out != nil {
		out.Close()
		c.outputFile = out.Name
	}
	c.pid = pid
	if !c.Detach {
		c.sys.pidfd = pidfdOpen(pid)
	}
	c.sys.copyErrs = make(chan error, len(c.sys.copiers))
	for _, copy := range c.sys.copiers {
		go func() { c.sys.copyErrs <- copy() }()
	}
	return nil
}

// check refuses combinations that cannot mean anything, before anything
// is opened or started.
func (c *Cmd) check() error {
	switch {
	case c.Path == "":
		return ErrEmptyCommand
	case c.Ctty && !c.Setsid:
		return errors.New("spawn: Ctty needs Setsid")
	case c.NohupOutput != "" && !c.Nohup:
		return errors.New("spawn: NohupOutput needs Nohup")
	case c.NohupOutput != "" && c.Stdout != nil:
		return errors.New("spawn: NohupOutput and Stdout both say where stdout goes")
	case c.Detach && (c.ForwardSignals || c.sys.hook.Supervise != nil):
		return errors.New("spawn: a detached command's signals cannot be forwarded")
	case c.Detach && c.Pdeathsig != 0:
		return errors.New("spawn: a detached command has no parent whose death it could be told of")
	case c.Detach && !(isFileOrNil(c.Stdin) && isFileOrNil(c.Stdout) && isFileOrNil(c.Stderr)):
		return errors.New("spawn: a detached command's Stdin, Stdout and Stderr must be files or nil")
	}
	if c.Dir != "" {
		fi, err := os.Stat(c.Dir)
		if err == nil && !fi.IsDir() {
			err = syscall.ENOTDIR
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return &fs.PathError{Op: "chdir", Path: c.Dir, Err: err}
		}
	}
	return nil
}

func isFileOrNil(v any) bool {
	switch f := v.(type) {
	case nil:
		return true
	case *os.File:
		return f != nil
	}
	return false
}

// supervision returns the Config Wait forwards signals with, if it does.
func (c *Cmd) supervision() (supervise.Config, bool) {
	var cfg supervise.Config
	switch {
	case c.sys.hook.Supervise != nil:
		cfg = *c.sys.hook.Supervise
	case c.ForwardSignals:
		cfg.Group = c.Setsid
		// Job control is the caller's own: and once caught, the Go
		// runtime would never let these stop it again.
		cfg.Skip = []syscall.Signal{syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGCONT}
		if c.Nohup {
			cfg.Skip = append(cfg.Skip, syscall.SIGHUP)
		}
	default:
		return cfg, false
	}
	if c.ctx != nil {
		cfg.Cancel = c.ctx.Done()
	}
	return cfg, true
}

// stdio fills spec's descriptors: the caller's files as they are, pipes
// for other readers and writers, and nohup's rules for what is left to
// the caller. It returns the nohup output file it opened, if any.
func (c *Cmd) stdio(spec *trampoline.Spec) (*nohupout.File, error) {
	var err error
	if spec.Stdin, err = c.readerFile(c.Stdin); err != nil {
		return nil, err
	}
	if spec.Stdout, err = c.writerFile(c.Stdout); err != nil {
		return nil, err
	}
	if c.Stderr != nil && sameWriter(c.Stderr, c.Stdout) {
		spec.Stderr = spec.Stdout // one pipe, one copier, as os/exec does
	} else if spec.Stderr, err = c.writerFile(c.Stderr); err != nil {
		return nil, err
	}
	if !c.Nohup {
		return nil, nil
	}
	plan := nohupout.Decide(c.NohupOutput != "")
	var out *nohupout.File
	if c.Stdout == nil && plan.StdoutToFile {
		if c.NohupOutput != "" {
			out, err = nohupout.Open(c.NohupOutput, nohupout.Options{Guard: true})
		} else {
			out, err = nohupout.OpenDefault(nohupout.Options{Guard: true})
		}
		if errors.Is(err, nohupout.ErrNoOutput) {
			return nil, err // already says what it is: each candidate and why
		}
		if err != nil {
			return nil, fmt.Errorf("output file: %w", err)
		}
		spec.Stdout = out.File
	}
	if c.Stderr == nil && plan.StderrToStdout {
		spec.Stderr = spec.Stdout
		if spec.Stderr == nil {
			spec.Stderr = os.Stdout
		}
	}
	if c.Stdin == nil && plan.StdinFromNull {
		devnull, err := nohupout.DevNull(os.O_RDONLY)
		if err != nil {
			if out != nil {
				out.Remove()
			}
			return nil, err
		}
		c.sys.childEnds = append(c.sys.childEnds, devnull)
		spec.Stdin = devnull
	}
	return out, nil
}

func (c *Cmd) readerFile(r io.Reader) (*os.File, error) {
	if r == nil {
		return nil, nil
	}
	if f, ok := r.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.sys.childEnds = append(c.sys.childEnds, pr)
	c.sys.ourEnds = append(c.sys.ourEnds, pw)
	c.sys.copiers = append(c.sys.copiers, func() error {
		_, err := io.Copy(pw, r)
		// A command that stops reading early is no error of the copy's.
		if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
			err = nil
		}
		if cerr := pw.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return pr, nil
}

func (c *Cmd) writerFile(w io.Writer) (*os.File, error) {
	if w == nil {
		return nil, nil
	}
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.sys.childEnds = append(c.sys.childEnds, pw)
	c.sys.ourEnds = append(c.sys.ourEnds, pr)
	c.sys.copiers = append(c.sys.copiers, func() error {
		_, err := io.Copy(w, pr)
		pr.Close()
		return err
	})
	return pw, nil
}

// sameWriter reports whether a and b are the same writer; a writer whose
// type cannot be compared is only ever itself.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() { _ = recover() }()
	return a == b
}

func (c *Cmd) closeAll() {
	for _, f := range append(c.sys.childEnds, c.sys.ourEnds...) {
		f.Close()
	}
	c.sys.childEnds, c.sys.ourEnds, c.sys.copiers = nil, nil, nil
}

// startError turns the stage's report into the package's errors.
func (c *Cmd) startError(err error) error {
	var se *trampoline.StepError
	switch {
	case errors.Is(err, trampoline.ErrSetID):
		return err
	case errors.As(err, &se) && se.Step == trampoline.StepExec:
		return &ExecError{Name: c.Path, Err: se.Err}
	case errors.As(err, &se) && (se.Step == trampoline.StepSetsid || se.Step == trampoline.StepCtty || se.Step == trampoline.StepSighup):
		return &StepError{Step: string(se.Step), Err: se.Err}
	}
	return fmt.Errorf("spawn: %w", err)
}

// Wait waits for the command to end and returns how it ended, forwarding
// signals meanwhile with ForwardSignals. With a context that is done
// first, it kills the command (see CommandContext) and returns the
// context's error with the status. It also waits for the copying of a
// Stdin, Stdout or Stderr that is not a file; an error there is returned
// when the command itself was waited for without one.
func (c *Cmd) Wait() (exitcode.Status, error) {
	switch {
	case !c.started || c.pid == 0:
		return exitcode.Status{}, errors.New("spawn: Wait called before a successful Start")
	case c.waited:
		return exitcode.Status{}, errors.New("spawn: Wait called twice")
	case c.Detach:
		return exitcode.Status{}, ErrDetached
	}
	c.waited = true
	var st exitcode.Status
	var err error
	if c.sys.caught != nil {
		s := c.sys.caught
		st, err = s.Run(c.pid)
		c.markReaped()
		if !c.sys.hook.SupervisorOnly {
			s.Stop()
		}
	} else {
		var cancel <-chan struct{}
		if c.ctx != nil {
			cancel = c.ctx.Done()
		}
		target := c.pid
		if c.Setsid {
			target = -c.pid
		}
		var ws syscall.WaitStatus
		ws, err = supervise.Wait(c.pid, supervise.WaitOptions{
			Cancel: cancel, KillTarget: target, Lock: &c.sys.mu, Reaped: c.markReapedLocked,
		})
		st = exitcode.FromWaitStatus(ws)
	}
	for range c.sys.copiers {
		if cerr := <-c.sys.copyErrs; err == nil && cerr != nil {
			err = fmt.Errorf("spawn: copying stdio: %w", cerr)
		}
	}
	if c.ctx != nil && c.ctx.Err() != nil {
		return st, c.ctx.Err()
	}
	return st, err
}

func (c *Cmd) markReaped() {
	c.sys.mu.Lock()
	c.markReapedLocked()
	c.sys.mu.Unlock()
}

func (c *Cmd) markReapedLocked() {
	c.sys.reaped = true
	if c.sys.pidfd >= 0 {
		unix.Close(c.sys.pidfd)
		c.sys.pidfd = -1
	}
}

// Signal sends sig to the command. It may be called while another
// goroutine waits: it never reaches a process that reused the command's
// PID (on Linux through a pidfd; elsewhere the reap is ordered before it).
// Once the command has been reaped it returns [os.ErrProcessDone].
func (c *Cmd) Signal(sig syscall.Signal) error {
	if c.pid == 0 {
		return errors.New("spawn: Signal called before a successful Start")
	}
	c.sys.mu.Lock()
	defer c.sys.mu.Unlock()
	if c.sys.reaped {
		return os.ErrProcessDone
	}
	err := sendSignal(c.sys.pidfd, c.pid, sig)
	if err == unix.ESRCH {
		return os.ErrProcessDone
	}
	return err
}

// SignalGroup sends sig to the command's whole process group, which it
// leads with Setsid (needed). The group lives on while any of its members
// do, also after the command has been reaped.
func (c *Cmd) SignalGroup(sig syscall.Signal) error {
	switch {
	case c.pid == 0:
		return errors.New("spawn: SignalGroup called before a successful Start")
	case !c.Setsid:
		return errors.New("spawn: SignalGroup needs Setsid: without it the command shares the caller's group")
	}
	err := unix.Kill(-c.pid, sig)
	if err == unix.ESRCH {
		return os.ErrProcessDone
	}
	return err
}
