//go:build unix

package cli

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/session"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/trampoline"
)

// initCommand is `sysprims init`, a container's PID 1: CMD runs in a new
// session, signals are forwarded to its group and orphans are reaped by
// the one wait loop of internal/supervise.
func initCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "init",
		Usage:     "run CMD as the supervised child of a container's PID 1",
		ArgsUsage: "[OPTIONS] -- CMD [ARGS...]",
		Description: "CMD runs in a new session. sysprims forwards every signal it can catch to CMD's\n" +
			"process group (except SIGCHLD, and SIGURG, SIGPROF and 34, which the Go runtime\n" +
			"keeps; signals the caller ignored stay ignored), and reaps orphans: as PID 1, or\n" +
			"as a child subreaper, which it becomes by itself when it is not PID 1 (Linux;\n" +
			"--no-subreaper opts out, and it warns when it reaps nothing). When CMD exits it\n" +
			"sends SIGTERM to what is left of the group and to every descendant that left it\n" +
			"(a setsid child, a job-control job, a double-forking daemon; found as PID 1 or\n" +
			"subreaper), SIGKILL after the grace period, and waits for all of them. A SIGTERM\n" +
			"sysprims gets while CMD runs (docker stop) starts that one grace period: CMD and\n" +
			"the cleanup have --grace in all, then whatever still runs, CMD included, gets\n" +
			"SIGKILL. The signals in --tree-signals also reach the descendants that left the\n" +
			"group when forwarded. A signal that cannot be\n" +
			"forwarded (kill fails: EPERM, ESRCH) is logged with --verbose, never fatal.\n\n" +
			"Exit status: CMD's exit code; 128+N when CMD was killed by signal N, whether\n" +
			"sysprims forwarded it or CMD raised it (--verbose logs each forward); 0 for a\n" +
			"code given to --remap-exit; 126 CMD not executable; 127 CMD not found; 1 sysprims'\n" +
			"own error. Every option can also be set in the environment variable shown.",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Flags: []ucli.Flag{
			&ucli.BoolFlag{Name: "subreaper", EnvVars: []string{"SYSPRIMS_SUBREAPER"},
				Usage: "become a child subreaper (Linux) when not PID 1, and fail if the kernel refuses (the default tries it and warns)"},
			&ucli.BoolFlag{Name: "no-subreaper", EnvVars: []string{"SYSPRIMS_NO_SUBREAPER"},
				Usage: "do not become a child subreaper when not PID 1: orphans go to the real init"},
			&ucli.BoolFlag{Name: "single-child", EnvVars: []string{"SYSPRIMS_SINGLE_CHILD"},
				Usage: "forward signals to CMD alone, not to its process group"},
			&ucli.StringSliceFlag{Name: "rewrite", EnvVars: []string{"SYSPRIMS_REWRITE"},
				Usage: "forward signal FROM as TO, e.g. TERM:QUIT or 15:3; TO 0 drops FROM (`FROM:TO`, repeatable)"},
			&ucli.IntSliceFlag{Name: "remap-exit", EnvVars: []string{"SYSPRIMS_REMAP_EXIT"},
				Usage: "exit 0 when CMD's exit status is `N` (repeatable), e.g. 143 after a requested TERM"},
			&ucli.DurationFlag{Name: "grace", EnvVars: []string{"SYSPRIMS_GRACE"}, Value: 10 * time.Second,
				Usage: "after CMD exits, wait `DURATION` between SIGTERM and SIGKILL to the rest of its tree; counted from a SIGTERM sysprims got first, CMD included"},
			&ucli.StringSliceFlag{Name: "tree-signals", EnvVars: []string{"SYSPRIMS_TREE_SIGNALS"},
				Usage: "forwarded `SIGS` that also reach the descendants that left CMD's group, comma-separated; none for no signal (default: TERM,INT,QUIT)"},
			&ucli.StringFlag{Name: "pdeathsig", EnvVars: []string{"SYSPRIMS_PDEATHSIG"},
				Usage: "send `SIG` to CMD if sysprims itself dies (Linux)"},
			&ucli.BoolFlag{Name: "verbose", EnvVars: []string{"SYSPRIMS_VERBOSE"},
				Usage: "log each forwarded signal and reaped child on stderr, and what was still running when CMD exited and who got SIGKILL"},
			&ucli.BoolFlag{Name: "quiet", EnvVars: []string{"SYSPRIMS_QUIET"},
				Usage: "do not warn when orphans cannot be reaped"},
		},
		Action: runInit,
	}
}

// initOptions is what the flags ask for, checked.
type initOptions struct {
	cfg       supervise.Config
	remap     map[int]bool
	pdeathsig syscall.Signal
}

func parseInitOptions(c *ucli.Context) (initOptions, error) {
	o := initOptions{remap: map[int]bool{}}
	bad := func(format string, args ...any) error {
		return exitError{code: exitcode.Failure, msg: "init: " + fmt.Sprintf(format, args...) + " (try 'sysprims init --help')"}
	}
	o.cfg = supervise.Config{
		Group:   !c.Bool("single-child"),
		Cleanup: true,
		Grace:   c.Duration("grace"),
	}
	if c.Bool("subreaper") && c.Bool("no-subreaper") {
		return o, bad("--subreaper and --no-subreaper exclude each other")
	}
	if o.cfg.Grace < 0 {
		return o, bad("--grace must not be negative: %v", o.cfg.Grace)
	}
	for _, r := range c.StringSlice("rewrite") {
		from, to, err := supervise.ParseRewrite(r)
		if err != nil {
			return o, bad("--rewrite: %v", err)
		}
		if o.cfg.Rewrite == nil {
			o.cfg.Rewrite = map[syscall.Signal]syscall.Signal{}
		}
		o.cfg.Rewrite[from] = to
	}
	o.cfg.TreeSignals = []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT}
	if c.IsSet("tree-signals") {
		o.cfg.TreeSignals = nil
		for _, s := range c.StringSlice("tree-signals") {
			if strings.EqualFold(strings.TrimSpace(s), "none") {
				continue
			}
			sig, err := supervise.ParseForwarded(s)
			if err != nil {
				return o, bad("--tree-signals: %v", err)
			}
			o.cfg.TreeSignals = append(o.cfg.TreeSignals, sig)
		}
	}
	for _, n := range c.IntSlice("remap-exit") {
		if n < 0 || n > 255 {
			return o, bad("--remap-exit: %d is not an exit status (0-255)", n)
		}
		o.remap[n] = true
	}
	if s := c.String("pdeathsig"); s != "" {
		sig, err := supervise.ParseSignal(s)
		if err != nil {
			return o, bad("--pdeathsig: %v", err)
		}
		if runtime.GOOS != "linux" {
			return o, bad("--pdeathsig is only supported on Linux")
		}
		o.pdeathsig = sig
	}
	return o, nil
}

// becomeReaper decides whether sysprims reaps orphans: as PID 1, as a
// subreaper it already is, or as one it makes itself, which is the
// default when it is neither (as catatonit does: under `docker run
// --init` stacked on an entrypoint, `pid: host` or a shared process
// namespace, sysprims is not PID 1 but should still own its tree). It
// warns, once, only when it reaps nothing.
func becomeReaper(c *ucli.Context, o *initOptions, logf func(string, ...any)) error {
	// Ask the kernel, not only our PID: a parent may have made us a
	// subreaper before it exec'd us, and the flag survives exec.
	o.cfg.Reap = os.Getpid() == 1 || supervise.IsSubreaper()
	if o.cfg.Reap {
		return nil
	}
	why := "--no-subreaper was given"
	if !c.Bool("no-subreaper") {
		err := supervise.SetSubreaper()
		if err == nil {
			logf("became a child subreaper: orphans of CMD's tree are re-parented to sysprims")
			o.cfg.Reap = true
			return nil
		}
		if c.Bool("subreaper") {
			return exitError{code: exitcode.Failure, msg: "init: --subreaper: " + err.Error()}
		}
		why = "the kernel refused: " + err.Error()
	}
	if !c.Bool("quiet") {
		fmt.Fprintln(c.App.ErrWriter, "sysprims: warning: not running as PID 1 and not a subreaper ("+why+"): "+
			"orphaned processes will not be re-parented to sysprims, so it cannot reap them "+
			"or signal them (--quiet silences this)")
	}
	return nil
}

func runInit(c *ucli.Context) error {
	argv, err := commandArgs(c)
	if err != nil {
		return err
	}
	o, err := parseInitOptions(c)
	if err != nil {
		return err
	}
	stderr := c.App.ErrWriter
	if c.Bool("verbose") {
		o.cfg.Logf = func(format string, args ...any) {
			fmt.Fprintf(stderr, "sysprims: "+format+"\n", args...)
		}
	}
	logf := func(format string, args ...any) {
		if o.cfg.Logf != nil {
			o.cfg.Logf(format, args...)
		}
	}
	if err := becomeReaper(c, &o, logf); err != nil {
		return err
	}

	// Give CMD the terminal when we hold it as PID 1 of `docker run -it`.
	ctty := supervise.ReleaseTerminal()
	// Signals are caught while the stage is prepared and starts (see
	// trampoline.Spec.Hold): CMD runs only once they are, so no signal is
	// lost. Not on the thread locked below: from a locked thread each of
	// Catch's round trips to the runtime's signal thread costs two more
	// thread switches.
	caught := supervise.CatchAsync(o.cfg)
	// The parent-death signal fires when the thread that forked CMD's stage
	// exits, not the process (go.dev/issue/27505). Locked and never
	// unlocked, this thread stays ours until sysprims exits.
	runtime.LockOSThread()
	opts := session.Options{Pdeathsig: o.pdeathsig, Hold: func() { caught() }}
	pid, err := session.StartSetsid(argv, ctty, opts)
	var se *trampoline.StepError
	if ctty && errors.As(err, &se) && se.Step == trampoline.StepCtty {
		// The stage failed before exec, so nothing ran: start CMD without
		// a terminal, as it would have started anywhere else.
		logf("could not hand the terminal to CMD (%v); starting it without one", se.Err)
		pid, err = session.StartSetsid(argv, false, opts)
	}
	if err != nil {
		return startError(argv[0], err)
	}
	logf("started %s as pid %d", argv[0], pid)
	st, err := caught().Run(pid)
	if err != nil {
		return exitError{code: exitcode.Failure, msg: "init: " + err.Error()}
	}
	code := st.ExitCode()
	if o.remap[code] {
		logf("exit status %d remapped to 0", code)
		code = exitcode.Success
	}
	if code != 0 {
		return exitError{code: code}
	}
	return nil
}
