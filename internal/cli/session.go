//go:build unix

package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/signal"
	"syscall"

	ucli "github.com/urfave/cli/v2"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/pidfile"
	"github.com/sysprims/sysprims/internal/session"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/internal/tty"
	"github.com/sysprims/sysprims/trampoline"
)

// SchemaID names the layout of the --json object.
const SchemaID = "sysprims.session.v1"

type verb string

const (
	verbSetsid verb = "setsid"
	verbNohup  verb = "nohup"
)

func commonFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.BoolFlag{Name: "wait", Usage: "wait for CMD, forward signals to it, and exit with its status"},
		&ucli.BoolFlag{Name: "json", Usage: "print one JSON object (schema " + SchemaID + ") instead of the PID"},
		&ucli.StringFlag{Name: "pidfile", Usage: "write CMD's PID to `FILE` (atomically, mode 0600)"},
	}
}

func setsidCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "setsid",
		Usage:     "run CMD as the leader of a new session, without a controlling terminal",
		ArgsUsage: "[--] CMD [ARGS...]",
		Description: "Without --wait, sysprims prints CMD's PID once it runs and exits 0; with --wait it\n" +
			"exits with CMD's exit code, or 128+N when CMD is killed by signal N. 126: CMD is\n" +
			"not executable; 127: CMD not found; 1: sysprims' own error.",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Flags: append([]ucli.Flag{
			&ucli.BoolFlag{Name: "ctty", Usage: "make the terminal on stdin CMD's controlling terminal"},
		}, commonFlags()...),
		Action: func(c *ucli.Context) error { return run(c, verbSetsid) },
	}
}

func nohupCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "nohup",
		Usage:     "run CMD immune to hangups (SIGHUP ignored)",
		ArgsUsage: "[--] CMD [ARGS...]",
		Description: "Stdout goes to --output FILE; without it, a terminal stdout goes to ./nohup.out,\n" +
			"else $HOME/nohup.out (created mode 0600, appended to). A terminal stderr follows\n" +
			"stdout; a terminal stdin is replaced by /dev/null. Exit codes as for setsid.",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Flags: append([]ucli.Flag{
			&ucli.StringFlag{Name: "output", Usage: "append CMD's stdout to `FILE`"},
		}, commonFlags()...),
		Action: func(c *ucli.Context) error { return run(c, verbNohup) },
	}
}

// result is the --json object.
type result struct {
	SchemaID   string  `json:"schema_id"`
	Verb       verb    `json:"verb"`
	Status     string  `json:"status"`
	PID        int     `json:"pid"`
	PGID       int     `json:"pgid"`
	SID        int     `json:"sid"`
	OutputFile *string `json:"output_file"`
	ExitCode   *int    `json:"exit_code"`
	Signal     *int    `json:"signal"`
}

func run(c *ucli.Context, v verb) error {
	argv, err := commandArgs(c)
	if err != nil {
		return err
	}
	for _, name := range []string{"pidfile", "output"} {
		if c.IsSet(name) && c.String(name) == "" {
			return exitError{code: exitcode.Failure, msg: fmt.Sprintf("%s: --%s needs a file name, not an empty one (try 'sysprims %[1]s --help')", c.Command.Name, name)}
		}
	}
	wait := c.Bool("wait")
	var caught func() *supervise.Supervisor
	opts := session.Options{}
	if wait {
		cfg := supervise.Config{Group: v == verbSetsid}
		if v == verbNohup {
			// Immune to hangups means the waiting parent too.
			signal.Ignore(syscall.SIGHUP)
			cfg.Skip = []syscall.Signal{syscall.SIGHUP}
		}
		// Catching every signal takes a while: do it while the pidfile,
		// the output file and the stage are prepared. The command runs
		// only once it is done (Hold), so no signal is lost.
		caught = supervise.CatchAsync(cfg)
		opts.Hold = func() { caught() }
	}
	var pf *pidfile.Pending
	if path := c.String("pidfile"); path != "" {
		if pf, err = pidfile.Prepare(path); err != nil {
			return err
		}
	}

	res := result{SchemaID: SchemaID, Verb: v, Status: "spawned"}
	killTarget := 0
	switch v {
	case verbSetsid:
		res.PID, err = session.StartSetsid(argv, c.Bool("ctty"), opts)
		res.PGID, res.SID, killTarget = res.PID, res.PID, -res.PID
	case verbNohup:
		var n session.Nohup
		n, err = session.StartNohup(argv, c.String("output"), opts)
		res.PID, killTarget = n.PID, n.PID
		res.PGID, res.SID = unix.Getpgrp(), getsid()
		if n.OutputFile != "" {
			res.OutputFile = &n.OutputFile
		}
		if err == nil && c.String("output") == "" && n.OutputFile != "" {
			// Where the output went, in coreutils nohup's words: the
			// user did not choose the file.
			what := "appending output to"
			if tty.IsTerminal(0) {
				what = "ignoring input and appending output to"
			}
			fmt.Fprintf(c.App.ErrWriter, "sysprims: nohup: %s '%s'\n", what, n.OutputFile)
		}
	}
	if err != nil {
		if pf != nil {
			pf.Abort()
		}
		return startError(argv[0], err)
	}
	if pf != nil {
		if err := pf.Commit(res.PID); err != nil {
			// Nothing half done: a command whose PID could not be recorded
			// does not keep running unsupervised.
			_ = unix.Kill(killTarget, unix.SIGKILL)
			_, _ = trampoline.Wait(res.PID)
			return err
		}
	}
	if !wait {
		return print(c, res, c.Bool("json"))
	}
	st, err := caught().Run(res.PID)
	if pf != nil {
		// The PID names nobody now; unless someone wrote the file since.
		pidfile.RemoveIfHolds(c.String("pidfile"), res.PID)
	}
	if err != nil {
		return fmt.Errorf("wait: %w", err)
	}
	res.Status = "completed"
	code := st.ExitCode()
	res.ExitCode = &code
	if st.Signal != 0 {
		n := int(st.Signal)
		res.Signal = &n
	}
	if c.Bool("json") {
		if err := print(c, res, true); err != nil {
			return err
		}
	}
	if code != 0 {
		return exitError{code: code}
	}
	return nil
}

func print(c *ucli.Context, res result, asJSON bool) error {
	var err error
	if asJSON {
		var b []byte
		b, err = json.Marshal(res)
		if err == nil {
			_, err = c.App.Writer.Write(append(b, '\n'))
		}
	} else {
		_, err = fmt.Fprintln(c.App.Writer, res.PID)
	}
	if err != nil {
		return fmt.Errorf("cannot report PID %d: %w", res.PID, err)
	}
	return nil
}

func getsid() int {
	sid, _ := unix.Getsid(0)
	return sid
}

// startError words a failure to start CMD as one line with the right code.
func startError(name string, err error) error {
	var ee *session.ExecError
	var se *trampoline.StepError
	switch {
	case errors.Is(err, trampoline.ErrSetID):
		return exitError{code: exitcode.Failure, msg: "refusing to start a command from a set-id program"}
	case errors.As(err, &ee):
		return exitError{code: ee.ExitCode(), msg: fmt.Sprintf("failed to execute %s: %v", name, ee.Err)}
	case errors.As(err, &se) && se.Step == trampoline.StepCtty:
		return exitError{code: exitcode.Failure, msg: "failed to set the controlling terminal: " + se.Err.Error()}
	case errors.As(err, &se) && se.Step == trampoline.StepSetsid:
		return exitError{code: exitcode.Failure, msg: "setsid failed: " + se.Err.Error()}
	}
	return exitError{code: exitcode.Failure, msg: oneLine(err.Error())}
}
