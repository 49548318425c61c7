//go:build unix

package early

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/dropin"
	"github.com/sysprims/sysprims/internal/limits"
	"github.com/sysprims/sysprims/internal/modes"
)

// fastOptions are the options a plain command line of each waiting mode
// may have: booleans only, so that no value needs parsing.
var fastOptions = map[string][]string{
	"setsid": {"wait", "ctty", "json"},
	"nohup":  {"wait", "json"},
	"init":   {"subreaper", "no-subreaper", "no-cgroup", "single-child", "verbose", "quiet"},
}

// fast returns the work a plain command line of a waiting mode asks for,
// or nil when urfave/cli is to parse it. Plain is: the mode, options of
// fastOptions spelled "--name", an optional "--", and a command whose
// name is not empty; setsid and nohup with --wait. Anything else (help,
// an unknown option, a value, another spelling) goes to urfave/cli, whose
// messages are the reference, and so does every command line when a
// SYSPRIMS_ variable is set: init reads its options there too (the tests
// set one to run an argv down both paths).
func fast(argv, environ []string) func(stdout, stderr io.Writer) error {
	if len(argv) < 3 || dropin.Name(argv[0]) != "" {
		return nil
	}
	mode := argv[1]
	allowed, ok := fastOptions[mode]
	if !ok {
		return nil
	}
	for _, kv := range environ {
		if strings.HasPrefix(kv, "SYSPRIMS_") {
			return nil
		}
	}
	set := flags{}
	var cmd []string
	for i, arg := range argv[2:] {
		if arg == "--" {
			cmd = argv[2+i+1:]
			break
		}
		if !strings.HasPrefix(arg, "-") {
			cmd = argv[2+i:]
			break
		}
		name, ok := strings.CutPrefix(arg, "--")
		if !ok || !contains(allowed, name) {
			return nil
		}
		set[name] = true
	}
	if len(cmd) == 0 || cmd[0] == "" {
		return nil // urfave/cli words the usage error
	}
	switch mode {
	case "init":
		return func(_, stderr io.Writer) error {
			o, err := modes.ParseInit(set, cmd)
			if err != nil {
				return err
			}
			return modes.RunInit(o, stderr)
		}
	default:
		if !set["wait"] {
			return nil // the short path: not worth a second parser
		}
		s := modes.Session{Verb: modes.Verb(mode), Argv: cmd, Ctty: set["ctty"], Wait: true, JSON: set["json"]}
		return func(stdout, stderr io.Writer) error { return modes.RunSession(s, stdout, stderr) }
	}
}

// dispatch runs work as main.run and cli.Main would have, with the
// limits checked first.
func dispatch(work func(stdout, stderr io.Writer) error) int {
	if err := limits.Check(); err != nil {
		fmt.Fprintln(os.Stderr, "sysprims: "+err.Error())
		return exitcode.Failure
	}
	return modes.Report(work(os.Stdout, os.Stderr), os.Stderr)
}

// flags answers modes.Flags for the booleans fast accepted; every other
// flag has its default.
type flags map[string]bool

func (f flags) Bool(name string) bool  { return f[name] }
func (f flags) IsSet(name string) bool { return f[name] }
func (flags) String(string) string     { return "" }
func (flags) StringSlice(string) []string {
	return nil
}
func (flags) IntSlice(string) []int { return nil }
func (flags) Duration(name string) time.Duration {
	if name == "grace" {
		return modes.DefaultGrace
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
