//go:build !unix

package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/modes"
)

func setsidCommand() *ucli.Command { return unsupported("setsid") }
func nohupCommand() *ucli.Command  { return unsupported("nohup") }
func initCommand() *ucli.Command   { return unsupported("init") }

// unsupported is a command that exists, so that help and usage stay the
// same everywhere, and fails: there are no sessions on this platform.
func unsupported(name string) *ucli.Command {
	return &ucli.Command{
		Name:            name,
		Usage:           "not supported on this platform",
		HideHelpCommand: true,
		SkipFlagParsing: true,
		Action: func(*ucli.Context) error {
			return modes.Error{Code: exitcode.Failure, Msg: name + ": not supported on this platform"}
		},
	}
}
