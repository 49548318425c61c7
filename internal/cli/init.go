//go:build unix

package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/internal/modes"
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
			"group when forwarded. As PID 1 of a container whose cgroup v2 is its own and\n" +
			"writable, CMD's tree runs in a child cgroup, which cgroup.kill ends at the end\n" +
			"of the grace period (--no-cgroup opts out). A signal that cannot be\n" +
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
			&ucli.DurationFlag{Name: "grace", EnvVars: []string{"SYSPRIMS_GRACE"}, Value: modes.DefaultGrace,
				Usage: "after CMD exits, wait `DURATION` between SIGTERM and SIGKILL to the rest of its tree; counted from a SIGTERM sysprims got first, CMD included"},
			&ucli.StringSliceFlag{Name: "tree-signals", EnvVars: []string{"SYSPRIMS_TREE_SIGNALS"},
				Usage: "forwarded `SIGS` that also reach the descendants that left CMD's group, comma-separated; none for no signal (default: TERM,INT,QUIT)"},
			&ucli.BoolFlag{Name: "no-cgroup", EnvVars: []string{"SYSPRIMS_NO_CGROUP"},
				Usage: "as PID 1, do not give CMD's tree a cgroup v2 of its own (for cgroup.kill) where the container's cgroup is writable"},
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

func runInit(c *ucli.Context) error {
	argv, err := commandArgs(c)
	if err != nil {
		return err
	}
	o, err := modes.ParseInit(c, argv)
	if err != nil {
		return err
	}
	return modes.RunInit(o, c.App.ErrWriter)
}
