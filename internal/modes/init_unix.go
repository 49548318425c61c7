//go:build unix

package modes

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/spawnhook"
	"github.com/sysprims/sysprims/internal/steps"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/internal/trim"
	"github.com/sysprims/sysprims/spawn"
)

// DefaultGrace is init's --grace when none is given.
const DefaultGrace = 10 * time.Second

// Flags is init's command line, parsed: urfave/cli's *Context is one,
// internal/early's parse of a plain command line another. A flag that was
// not given answers its default (--grace: [DefaultGrace]).
type Flags interface {
	Bool(name string) bool
	String(name string) string
	Duration(name string) time.Duration
	StringSlice(name string) []string
	IntSlice(name string) []int
	IsSet(name string) bool
}

// Init is `sysprims init`, its options checked.
type Init struct {
	Argv      []string // the command; an empty Argv[0] is spawn's to refuse
	cfg       supervise.Config
	remap     map[int]bool
	pdeathsig syscall.Signal
	// The flags of the same names.
	subreaper, noSubreaper, noCgroup, quiet, verbose bool
}

// ParseInit checks init's options in c and returns what they ask for.
func ParseInit(c Flags, argv []string) (Init, error) {
	o := Init{
		Argv:        argv,
		remap:       map[int]bool{},
		subreaper:   c.Bool("subreaper"),
		noSubreaper: c.Bool("no-subreaper"),
		noCgroup:    c.Bool("no-cgroup"),
		quiet:       c.Bool("quiet"),
		verbose:     c.Bool("verbose"),
	}
	bad := func(format string, args ...any) error {
		return Error{Code: exitcode.Failure, Msg: "init: " + fmt.Sprintf(format, args...) + " (try 'sysprims init --help')"}
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
func becomeReaper(o *Init, stderr io.Writer, logf func(string, ...any)) error {
	// Ask the kernel, not only our PID: a parent may have made us a
	// subreaper before it exec'd us, and the flag survives exec.
	o.cfg.Reap = os.Getpid() == 1 || supervise.IsSubreaper()
	if o.cfg.Reap {
		return nil
	}
	why := "--no-subreaper was given"
	if !o.noSubreaper {
		err := supervise.SetSubreaper()
		if err == nil {
			logf("became a child subreaper: orphans of CMD's tree are re-parented to sysprims")
			o.cfg.Reap = true
			return nil
		}
		if o.subreaper {
			return Error{Code: exitcode.Failure, Msg: "init: --subreaper: " + err.Error()}
		}
		why = "the kernel refused: " + err.Error()
	}
	if !o.quiet {
		survivePipe()
		fmt.Fprintln(stderr, "sysprims: warning: not running as PID 1 and not a subreaper ("+why+"): "+
			"orphaned processes will not be re-parented to sysprims, so it cannot reap them "+
			"or signal them (--quiet silences this)")
	}
	return nil
}

// commandCgroup gives CMD's tree a cgroup v2 of its own, a child of the
// container's, when sysprims is PID 1 and the container's cgroup is
// writable (see supervise.CommandCgroup): sysprims moves into it, so that
// CMD is born there, and moves back out once CMD has started. It must
// run before the Supervisor is made: the cgroup is part of its Config.
func commandCgroup(o *Init, logf func(string, ...any)) *supervise.CommandCgroup {
	if os.Getpid() != 1 || o.noCgroup {
		return nil
	}
	cg, err := supervise.EnterCommandCgroup()
	if err != nil {
		logf("CMD's tree gets no cgroup of its own (%v): the walk of /proc finds it", err)
		return nil
	}
	o.cfg.Cgroup = cg.Dir()
	logf("CMD's tree runs in cgroup %s: cgroup.kill ends it after the grace period", cg.Dir())
	return cg
}

// RunInit runs o's command and supervises it until it and its group are
// gone; stderr gets the warning and, with --verbose, the log.
func RunInit(o Init, stderr io.Writer) error {
	argv := o.Argv
	if o.verbose {
		o.cfg.Logf = func(format string, args ...any) {
			survivePipe()
			fmt.Fprintf(stderr, "sysprims: "+format+"\n", args...)
		}
	}
	logf := func(format string, args ...any) {
		if o.cfg.Logf != nil {
			o.cfg.Logf(format, args...)
		}
	}
	if err := becomeReaper(&o, stderr, logf); err != nil {
		return err
	}

	cg := commandCgroup(&o, logf)
	if cg != nil {
		defer cg.Remove()
	}

	// Give CMD the terminal when we hold it as PID 1 of `docker run -it`.
	ctty := supervise.ReleaseTerminal()
	// Signals are caught while the stage is prepared and starts (the
	// supervised spawn.Cmd does that): CMD runs only once they are, so no
	// signal is lost.
	command := func(ctty bool) *spawn.Cmd {
		cmd := spawn.Command(argv[0], argv[1:]...)
		cmd.Setsid, cmd.Ctty, cmd.Pdeathsig = true, ctty, o.pdeathsig
		spawnhook.Apply(cmd, spawnhook.Options{Supervise: &o.cfg, SupervisorOnly: true})
		return cmd
	}
	var cmd *spawn.Cmd
	start := func() (int, error) {
		cmd = command(ctty)
		err := cmd.Start()
		var se *spawn.StepError
		if ctty && errors.As(err, &se) && se.Step == steps.ControllingTTY {
			// The stage failed before exec, so nothing ran: start CMD
			// without a terminal, as it would have started anywhere else.
			logf("could not hand the terminal to CMD (%v); starting it without one", se.Err)
			cmd = command(false)
			err = cmd.Start()
		}
		return cmd.PID(), err
	}
	var pid int
	var err error
	if o.pdeathsig != 0 {
		pid, err = onOwnThread(start)
	} else {
		pid, err = start()
	}
	if cg != nil {
		// CMD was born in the cgroup; sysprims must not stay there, or a
		// cgroup.kill would end it too (the kill is refused, then).
		if err := cg.Leave(); err != nil {
			logf("%v; cgroup.kill will not be used", err)
		}
	}
	if err != nil {
		return StartError(argv[0], err)
	}
	logf("started %s as pid %d", argv[0], pid)
	// From here on sysprims waits, for as long as CMD runs: most of what
	// start-up touched of the binary need not stay resident.
	trim.Later()
	st, err := cmd.Wait()
	if err != nil {
		return Error{Code: exitcode.Failure, Msg: "init: " + err.Error()}
	}
	code := st.ExitCode()
	if o.remap[code] {
		logf("exit status %d remapped to 0", code)
		code = exitcode.Success
	}
	if code != 0 {
		return Error{Code: code}
	}
	return nil
}

// onOwnThread runs start on a goroutine locked to its thread, which then
// parks for good. The parent-death signal fires when the thread that forked
// CMD's stage exits, not the process (go.dev/issue/27505), so that thread
// must stay ours until sysprims exits, parked, while the wait loop goes
// on elsewhere.
func onOwnThread(start func() (int, error)) (int, error) {
	type started struct {
		pid int
		err error
	}
	done := make(chan started, 1)
	go func() {
		runtime.LockOSThread()
		pid, err := start()
		done <- started{pid, err}
		select {} // never unlocked, never returns: the thread lives on
	}()
	r := <-done
	return r.pid, r.err
}
