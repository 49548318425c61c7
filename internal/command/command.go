package command

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
)

// Main runs the sysprims command line with args (os.Args) and returns the
// exit code.
func Main(args []string, version string, stdout, stderr io.Writer) int {
	// A closed pipe on stdout must be an error we report, not a silent
	// death by SIGPIPE after the command has started. Children are not
	// affected: exec resets caught signals to their defaults.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	app := &cli.App{
		Name:            "sysprims",
		Usage:           "run a command in a new session, immune to hangups, or as a container's init",
		Version:         version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    usageError,
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(stderr, "sysprims: unknown command %q (try 'sysprims --help')\n", name)
		},
		Commands: []*cli.Command{setsidCommand(), nohupCommand(), initCommand()},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return exitError{code: exitcode.Failure, msg: fmt.Sprintf("unknown command %q (try 'sysprims --help')", c.Args().First())}
			}
			return cli.ShowAppHelp(c)
		},
	}
	err := app.Run(args)
	if err == nil {
		return exitcode.Success
	}
	var done exitError
	if errors.As(err, &done) {
		if done.msg != "" {
			fmt.Fprintln(stderr, "sysprims: "+done.msg)
		}
		return done.code
	}
	fmt.Fprintln(stderr, "sysprims: "+oneLine(err.Error()))
	return exitcode.FromError(err)
}

// exitError ends the program with code, printing msg (if any) first.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// usage wraps a command-line mistake; it exits 1.
type usage struct{ error }

func usageError(c *cli.Context, err error, _ bool) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "flag provided but not defined: ")
	if msg != err.Error() {
		msg = "unknown option " + msg
	}
	return exitError{code: exitcode.Failure, msg: msg + " (try 'sysprims " + c.Command.Name + " --help')"}
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func commandArgs(c *cli.Context) ([]string, error) {
	argv := c.Args().Slice()
	if len(argv) == 0 {
		return nil, exitError{code: exitcode.Failure, msg: "no command specified (try 'sysprims " + c.Command.Name + " --help')"}
	}
	if argv[0] == "" {
		return nil, exitError{code: exitcode.Failure, msg: "empty command name"}
	}
	return argv, nil
}
