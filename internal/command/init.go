//go:build unix

package command

import (
	"github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
)

// initCommand is `sysprims init`; see internal/initcmd.
func initCommand() *cli.Command {
	return &cli.Command{
		Name:            "init",
		Usage:           "run CMD as the supervised child of a container's PID 1",
		ArgsUsage:       "[OPTIONS] -- CMD [ARGS...]",
		HideHelpCommand: true,
		OnUsageError:    usageError,
		Action: func(c *cli.Context) error {
			return exitError{code: exitcode.Failure, msg: "init: not implemented yet"}
		},
	}
}
