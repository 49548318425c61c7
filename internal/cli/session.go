//go:build unix

package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/modes"
)

// SchemaID names the layout of the --json object.
const SchemaID = modes.SchemaID

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
		Action: func(c *ucli.Context) error { return run(c, modes.Setsid) },
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
		Action: func(c *ucli.Context) error { return run(c, modes.Nohup) },
	}
}

// run checks what the flag parser cannot and hands over to modes, which
// internal/early also calls for the waiting modes, before urfave/cli.
func run(c *ucli.Context, v modes.Verb) error {
	argv, err := commandArgs(c)
	if err != nil {
		return err
	}
	for _, name := range []string{"pidfile", "output"} {
		if c.IsSet(name) && c.String(name) == "" {
			return modes.Error{Code: exitcode.Failure, Msg: fmt.Sprintf("%s: --%s needs a file name, not an empty one (try 'sysprims %[1]s --help')", c.Command.Name, name)}
		}
	}
	return modes.RunSession(modes.Session{
		Verb:    v,
		Argv:    argv,
		Ctty:    c.Bool("ctty"),
		Output:  c.String("output"),
		Pidfile: c.String("pidfile"),
		Wait:    c.Bool("wait"),
		JSON:    c.Bool("json"),
	}, c.App.Writer, c.App.ErrWriter)
}
