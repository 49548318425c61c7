package spawn

import (
	"context"
	"errors"
	"io"
	"syscall"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/trampoline"
)

// Cmd is a command being prepared or run, as [os/exec.Cmd] is, plus what
// only a stage can do for it: a new session, a controlling terminal,
// hangup immunity with nohup's output rules, a parent-death signal,
// detaching, and forwarding the caller's signals while it waits.
//
// A Cmd cannot be reused after Start, Run or a failed Start.
type Cmd struct {
	// Path is the command to run. Unless it contains a slash it is looked
	// up, as execvp(3) looks it up, in the PATH of Env and from Dir,
	// just before it runs: a command that is not found is an *ExecError
	// from Start, not from Command.
	Path string
	// Args is the command's argv, Args[0] included; empty means {Path}.
	Args []string
	// Env is the command's environment; nil means the caller's.
	Env []string
	// Dir is the command's working directory; empty means the caller's.
	Dir string

	// Stdin, Stdout and Stderr become the command's fds 0, 1 and 2. An
	// *os.File is handed over as it is; any other reader or writer is
	// connected through a pipe that Wait drains, as with os/exec. Unlike
	// os/exec, nil means the caller's own descriptor (what a shell's
	// setsid or nohup would pass on), not the null device.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// Setsid runs the command as the leader of a new session and process
	// group, without a controlling terminal (PID = PGID = SID).
	Setsid bool
	// Ctty makes the terminal on the command's stdin its controlling
	// terminal; it needs Setsid.
	Ctty bool
	// Nohup runs the command with SIGHUP ignored and applies nohup's
	// rules to what Stdin, Stdout and Stderr leave to the caller: a
	// terminal stdout goes to ./nohup.out (or $HOME/nohup.out, created
	// mode 0600, appended to), a terminal stderr follows stdout, and a
	// terminal stdin is replaced by the null device. If no output file
	// can be opened, nothing runs.
	Nohup bool
	// NohupOutput, with Nohup, is the file stdout is appended to
	// (created mode 0600), whether stdout is a terminal or not. It
	// cannot be combined with Stdout.
	NohupOutput string
	// Pdeathsig is sent to the command when the thread that started it
	// exits (Linux only; see os/exec's SysProcAttr.Pdeathsig for why it
	// is the thread). A caller that wants it tied to the process keeps
	// that thread with runtime.LockOSThread. Not with Detach.
	Pdeathsig syscall.Signal
	// Detach re-parents the command to init (or the nearest subreaper) as
	// soon as it runs: the caller never has a zombie to reap, and Wait
	// reports [ErrDetached]. Stdin, Stdout and Stderr must then be nil or
	// files.
	Detach bool
	// ForwardSignals makes the caller catch every signal it can (from
	// Start on, so that none that arrives while the command starts is
	// lost) and, in Wait, pass each one on: to the command's process
	// group with Setsid, else to the command. Left alone: SIGHUP with
	// Nohup, the job-control signals TSTP, TTIN, TTOU and CONT (once a Go
	// program has caught them, the runtime never again lets them stop
	// it), and those the runtime keeps (SIGPROF, SIGURG, and on Linux
	// signal 34). The caller's handling is restored when Wait returns
	// (as [os/signal.Reset] restores it). Not with Detach.
	ForwardSignals bool

	ctx        context.Context
	pid        int
	outputFile string
	started    bool
	waited     bool
	sys        sysState // the platform's part: what Start leaves for Wait and Signal
}

// Command returns a Cmd that runs name with args. Nothing is looked up or
// checked until Start.
func Command(name string, args ...string) *Cmd {
	return &Cmd{Path: name, Args: append([]string{name}, args...)}
}

// CommandContext is [Command] with a context. When ctx is done before the
// command has ended, Wait kills the command (its whole process group with
// Setsid) with SIGKILL, reaps it and returns ctx's error; Start returns
// ctx's error at once when ctx is already done.
func CommandContext(ctx context.Context, name string, args ...string) *Cmd {
	if ctx == nil {
		panic("spawn: nil Context")
	}
	c := Command(name, args...)
	c.ctx = ctx
	return c
}

// PID returns the command's process ID once Start has succeeded, and 0
// before. After Wait it still names the command that ran.
func (c *Cmd) PID() int { return c.pid }

// OutputFile names the file stdout was sent to under Nohup, or is empty
// when stdout was left as it was; known once Start has succeeded.
func (c *Cmd) OutputFile() string { return c.outputFile }

// Run starts the command and waits for it: [Cmd.Start] then [Cmd.Wait].
func (c *Cmd) Run() (exitcode.Status, error) {
	if err := c.Start(); err != nil {
		return exitcode.Status{}, err
	}
	return c.Wait()
}

// ExecError reports that the command could not be executed: it was not
// found, or found but not executable. It unwraps to the errno execvp(3)
// left, so errors.Is(err, fs.ErrNotExist) tells "not found" from
// errors.Is(err, fs.ErrPermission) and the other reasons.
type ExecError struct {
	Name string // the command as given (Cmd.Path)
	Err  error  // the errno
}

func (e *ExecError) Error() string { return "failed to execute " + e.Name + ": " + e.Err.Error() }
func (e *ExecError) Unwrap() error { return e.Err }

// ExitCode is 127 when the command was not found and 126 otherwise, the
// codes a shell uses ([exitcode.Coder]).
func (e *ExecError) ExitCode() int { return exitcode.ForExec(e.Err) }

// StepError reports that a step the stage applies before exec failed;
// nothing ran. Step is "setsid" or "ctty" (see Cmd.Setsid and Cmd.Ctty),
// and Err the errno of the failing system call, which the error unwraps to.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Step + " failed: " + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// ErrNotSupported is returned on platforms without sessions (Windows). It
// matches [errors.ErrUnsupported].
var ErrNotSupported error = notSupported{}

type notSupported struct{}

func (notSupported) Error() string { return "spawn: not supported on this platform" }
func (notSupported) Is(target error) bool {
	return target == errors.ErrUnsupported
}

// ErrEmptyCommand is returned by Start for an empty command name.
var ErrEmptyCommand = errors.New("spawn: empty command name")

// ErrDetached is returned by Wait for a command started with Detach: it is
// not the caller's child, so there is nothing to wait for.
var ErrDetached = errors.New("spawn: a detached command cannot be waited for")

// ErrSetID is matched (errors.Is) by the error Start returns in a set-id
// program, where no stage may run; see the trampoline package.
var ErrSetID = trampoline.ErrSetID
