//go:build unix

package modes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/pidfile"
	"github.com/sysprims/sysprims/internal/spawnhook"
	"github.com/sysprims/sysprims/internal/steps"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/internal/trim"
	"github.com/sysprims/sysprims/internal/tty"
	"github.com/sysprims/sysprims/spawn"
)

// SchemaID names the layout of the --json object.
const SchemaID = "sysprims.session.v1"

// Verb is the mode: "setsid" or "nohup".
type Verb string

const (
	Setsid Verb = "setsid"
	Nohup  Verb = "nohup"
)

// Session is `sysprims setsid` or `sysprims nohup`, its options parsed.
type Session struct {
	Verb Verb
	Argv []string // the command; an empty Argv[0] is spawn's to refuse
	// Ctty (setsid), Output (nohup; "" for the default file), Pidfile ("":
	// none), Wait and JSON are the options of the same names.
	Ctty       bool
	Output     string
	Pidfile    string
	Wait, JSON bool
}

// result is the --json object.
type result struct {
	SchemaID   string  `json:"schema_id"`
	Verb       Verb    `json:"verb"`
	Status     string  `json:"status"`
	PID        int     `json:"pid"`
	PGID       int     `json:"pgid"`
	SID        int     `json:"sid"`
	OutputFile *string `json:"output_file"`
	ExitCode   *int    `json:"exit_code"`
	Signal     *int    `json:"signal"`
}

// RunSession starts s's command and prints its PID or, with Wait, waits
// for it; stdout gets the PID or the JSON object, stderr nohup's notice.
func RunSession(s Session, stdout, stderr io.Writer) error {
	argv, v, wait := s.Argv, s.Verb, s.Wait
	var err error
	cmd := spawn.Command(argv[0], argv[1:]...)
	cmd.Detach = !wait
	switch v {
	case Setsid:
		cmd.Setsid, cmd.Ctty = true, s.Ctty
	case Nohup:
		cmd.Nohup, cmd.NohupOutput = true, s.Output
	}
	if wait {
		cfg := supervise.Config{Group: v == Setsid}
		if v == Nohup {
			// Immune to hangups means the waiting parent too.
			signal.Ignore(syscall.SIGHUP)
			cfg.Skip = []syscall.Signal{syscall.SIGHUP}
		}
		// Signals are caught while the stage starts up; the command runs
		// only once they are, so none is lost.
		spawnhook.Apply(cmd, spawnhook.Options{Supervise: &cfg, SupervisorOnly: true})
	}
	var pf *pidfile.Pending
	if path := s.Pidfile; path != "" {
		if pf, err = pidfile.Prepare(path); err != nil {
			return err
		}
	}

	res := result{SchemaID: SchemaID, Verb: v, Status: "spawned"}
	err = cmd.Start()
	res.PID = cmd.PID()
	switch v {
	case Setsid:
		res.PGID, res.SID = res.PID, res.PID
	case Nohup:
		res.PGID, res.SID = unix.Getpgrp(), getsid()
		if name := cmd.OutputFile(); name != "" {
			res.OutputFile = &name
		}
		if err == nil && s.Output == "" && cmd.OutputFile() != "" {
			// Where the output went, in coreutils nohup's words: the
			// user did not choose the file.
			what := "appending output to"
			if tty.IsTerminal(0) {
				what = "ignoring input and appending output to"
			}
			fmt.Fprintf(stderr, "sysprims: nohup: %s '%s'\n", what, cmd.OutputFile())
		}
	}
	if err != nil {
		if pf != nil {
			pf.Abort()
		}
		return StartError(argv[0], err)
	}
	if pf != nil {
		if err := pf.Commit(res.PID); err != nil {
			// Nothing half done: a command whose PID could not be recorded
			// does not keep running unsupervised.
			if cmd.Setsid {
				_ = cmd.SignalGroup(unix.SIGKILL)
			} else {
				_ = cmd.Signal(unix.SIGKILL)
			}
			_, _ = cmd.Wait()
			return err
		}
	}
	if !wait {
		return print(stdout, res, s.JSON)
	}
	trim.Later() // see RunInit
	st, err := cmd.Wait()
	if pf != nil {
		// The PID names nobody now; unless someone wrote the file since.
		pidfile.RemoveIfHolds(s.Pidfile, res.PID)
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
	if s.JSON {
		if err := print(stdout, res, true); err != nil {
			return err
		}
	}
	if code != 0 {
		return Error{Code: code}
	}
	return nil
}

func print(stdout io.Writer, res result, asJSON bool) error {
	var err error
	if asJSON {
		var b []byte
		b, err = json.Marshal(res)
		if err == nil {
			_, err = stdout.Write(append(b, '\n'))
		}
	} else {
		_, err = fmt.Fprintln(stdout, res.PID)
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

// StartError words a failure to start CMD as one line with the right code.
func StartError(name string, err error) error {
	var ee *spawn.ExecError
	var se *spawn.StepError
	switch {
	case errors.Is(err, spawn.ErrEmptyCommand):
		return Error{Code: exitcode.Failure, Msg: "empty command name"}
	case errors.Is(err, spawn.ErrSetID):
		return Error{Code: exitcode.Failure, Msg: "refusing to start a command from a set-id program"}
	case errors.As(err, &ee):
		return Error{Code: ee.ExitCode(), Msg: fmt.Sprintf("failed to execute %s: %v", name, ee.Err)}
	case errors.As(err, &se) && se.Step == steps.ControllingTTY:
		return Error{Code: exitcode.Failure, Msg: "failed to set the controlling terminal: " + se.Err.Error()}
	case errors.As(err, &se) && se.Step == steps.NewSession:
		return Error{Code: exitcode.Failure, Msg: "setsid failed: " + se.Err.Error()}
	}
	return Error{Code: exitcode.Failure, Msg: OneLine(err.Error())}
}
