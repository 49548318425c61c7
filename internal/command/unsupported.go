//go:build !unix

package command

import (
	"github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
)

func setsidCommand() *cli.Command { return unsupported("setsid") }
func nohupCommand() *cli.Command  { return unsupported("nohup") }
func initCommand() *cli.Command   { return unsupported("init") }

// unsupported is a command that exists, so that help and usage stay the
// same everywhere, and fails: there are no sessions on this platform.
func unsupported(name string) *cli.Command {
	return &cli.Command{
		Name:            name,
		Usage:           "not supported on this platform",
		HideHelpCommand: true,
		SkipFlagParsing: true,
		Action: func(*cli.Context) error {
			return exitError{code: exitcode.Failure, msg: name + ": not supported on this platform"}
		},
	}
}
