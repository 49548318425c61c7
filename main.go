// A wrapper has no use for GOMAXPROCS tuned to a cgroup CPU quota; with it
// the runtime keeps the quota files open for the process's lifetime, two
// descriptors taken from a tight RLIMIT_NOFILE (hardening_test.go).

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command sysprims runs a command in a new session (setsid), immune to
// hangups (nohup), or as the supervised child of a container's PID 1
// (init). Under the names setsid and nohup it behaves as util-linux
// setsid(1) and coreutils nohup(1).
package main

import (
	"fmt"
	"os"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/cli"
	"github.com/sysprims/sysprims/internal/dropin"
	// Its init runs plain command lines of the waiting modes.
	_ "github.com/sysprims/sysprims/internal/early"
	"github.com/sysprims/sysprims/internal/limits"
	"github.com/sysprims/sysprims/internal/version"
)

func main() {
	os.Exit(run(os.Args))
}

// run is the whole program. The drop-in names are normally dispatched
// earlier, from internal/dropin's init; run handles them too so that a
// caller (a test) can hand it any argv.
func run(args []string) int {
	if name := dropin.Name(args[0]); name != "" {
		return dropin.Run(name, args)
	}
	// Limits too low for what follows are refused now, in one line,
	// rather than by the runtime's fatal error half way through.
	if err := limits.Check(); err != nil {
		fmt.Fprintln(os.Stderr, "sysprims: "+err.Error())
		return exitcode.Failure
	}
	return cli.Main(args, version.String(), os.Stdout, os.Stderr)
}
