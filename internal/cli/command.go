package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"

	ucli "github.com/urfave/cli/v2"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/modes"
)

// Main runs the sysprims command line with args (os.Args) and returns the
// exit code.
func Main(args []string, version string, stdout, stderr io.Writer) int {
	// A closed pipe on stdout must be an error we report, not a silent
	// death by SIGPIPE after the command has started. Children are not
	// affected: exec resets caught signals to their defaults.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	app := &ucli.App{
		Name:            "sysprims",
		Usage:           "run a command in a new session, immune to hangups, or as a container's init",
		Version:         version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*ucli.Context, error) {},
		OnUsageError:    usageError,
		CommandNotFound: func(c *ucli.Context, name string) {
			fmt.Fprintf(stderr, "sysprims: unknown command %q (try 'sysprims --help')\n", name)
		},
		Commands: []*ucli.Command{setsidCommand(), nohupCommand(), initCommand()},
		// The raw argv, for usageError to quote an option as it was typed.
		Metadata: map[string]any{argsKey: args},
		Action: func(c *ucli.Context) error {
			if c.Args().First() == "help" {
				return help(c, c.Args().Tail())
			}
			if c.Args().Present() {
				return modes.Error{Code: exitcode.Failure, Msg: fmt.Sprintf("unknown command %q (try 'sysprims --help')", c.Args().First())}
			}
			return ucli.ShowAppHelp(c)
		},
	}
	return modes.Report(app.Run(args), stderr)
}

// help is `sysprims help [COMMAND]`: the same text as `sysprims --help` or
// `sysprims COMMAND --help`. The help command of urfave/cli stays hidden
// (HideHelpCommand) so that it does not crowd the list of commands.
func help(c *ucli.Context, topics []string) error {
	switch {
	case len(topics) == 0 || (len(topics) == 1 && topics[0] == "help"):
		return ucli.ShowAppHelp(c)
	case len(topics) > 1:
		return modes.Error{Code: exitcode.Failure, Msg: "help takes one command at most (try 'sysprims --help')"}
	case c.App.Command(topics[0]) == nil:
		return modes.Error{Code: exitcode.Failure, Msg: fmt.Sprintf("no help for %q: not a command (try 'sysprims --help')", topics[0])}
	}
	return ucli.ShowCommandHelp(c, topics[0])
}

// argsKey holds the raw argv in the App's Metadata.
const argsKey = "sysprims.args"

// flagErrors are the errors of the standard flag package, which
// urfave/cli passes on; they name an option with one dash whatever the
// user typed. Compiled on first use: a usage error is rare, and start-up
// time is not.
var flagErrors = sync.OnceValue(func() (e struct{ undefined, noValue, badValue, syntax, badEnv *regexp.Regexp }) {
	e.undefined = regexp.MustCompile(`^flag provided but not defined: -(.+)$`)
	e.noValue = regexp.MustCompile(`^flag needs an argument: -(.+)$`)
	e.badValue = regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?-([^:\s]+): `)
	e.syntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
	// urfave/cli's own, for a value taken from the environment.
	e.badEnv = regexp.MustCompile(`^could not parse (".*") as .* value from environment variable "([^"]+)" for flag ([^:\s]+): `)
	return e
})

// usageError turns a parse error of urfave/cli into one line that quotes
// the option as typed ("--wait", not "-wait") and points at the right help.
func usageError(c *ucli.Context, err error, isSubcommand bool) error {
	helpCmd := "sysprims --help"
	flags := c.App.Flags
	if isSubcommand && c.Command != nil {
		helpCmd = "sysprims " + c.Command.Name + " --help"
		flags = c.Command.Flags
	}
	args, _ := c.App.Metadata[argsKey].([]string)
	typed := func(name string) string { return typedOption(optionSpan(args, isSubcommand), flags, name) }
	msg := modes.OneLine(err.Error())
	re := flagErrors()
	if m := re.undefined.FindStringSubmatch(msg); m != nil {
		msg = "unknown option " + typed(m[1])
	} else if m := re.noValue.FindStringSubmatch(msg); m != nil {
		msg = "option " + typed(m[1]) + " needs a value"
	} else if m := re.badValue.FindStringSubmatch(msg); m != nil {
		msg = "invalid value " + m[1] + " for " + typed(m[2]) + valueHint(flags, m[2])
	} else if m := re.badEnv.FindStringSubmatch(msg); m != nil {
		msg = "invalid value " + m[1] + " in " + m[2] + " (for --" + m[3] + ")" + valueHint(flags, m[3])
	} else if m := re.syntax.FindStringSubmatch(msg); m != nil {
		msg = "unknown option " + m[1]
	}
	return modes.Error{Code: exitcode.Failure, Msg: msg + " (try '" + helpCmd + "')"}
}

// optionSpan is the part of argv that holds the options of the command
// being parsed: after the program name, and for a subcommand after its
// name (the global options are all booleans, so the first word that is
// not an option is the subcommand).
func optionSpan(args []string, isSubcommand bool) []string {
	if len(args) == 0 {
		return nil
	}
	args = args[1:]
	if !isSubcommand {
		return args
	}
	for i, a := range args {
		if a == "--" {
			return nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return args[i+1:]
		}
	}
	return nil
}

// typedOption walks span as the flag package does and returns the word
// that named option name, without any "=value"; "-name" if none did.
func typedOption(span []string, flags []ucli.Flag, name string) string {
	takesValue := map[string]bool{}
	for _, f := range flags {
		v, ok := f.(ucli.DocGenerationFlag)
		for _, n := range f.Names() {
			takesValue[n] = ok && v.TakesValue()
		}
	}
	for i := 0; i < len(span); i++ {
		a := span[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			break
		}
		word, _, hasValue := strings.Cut(a, "=")
		if n := strings.TrimPrefix(word[1:], "-"); n == name {
			return word
		} else if takesValue[n] && !hasValue {
			i++ // the next word is its value
		}
	}
	return "-" + name
}

// valueHint says what an option of the given name expects, where the
// flag package's own reason ("parse error", strconv's text) would not.
func valueHint(flags []ucli.Flag, name string) string {
	for _, f := range flags {
		if !slices.Contains(f.Names(), name) {
			continue
		}
		switch f.(type) {
		case *ucli.DurationFlag:
			return ": want a duration such as 10s or 500ms"
		case *ucli.IntFlag, *ucli.IntSliceFlag:
			return ": want a whole number"
		case *ucli.BoolFlag:
			return ": want true or false"
		}
	}
	return ""
}

func commandArgs(c *ucli.Context) ([]string, error) {
	argv := c.Args().Slice()
	if len(argv) == 0 {
		return nil, modes.Error{Code: exitcode.Failure, Msg: "no command specified (try 'sysprims " + c.Command.Name + " --help')"}
	}
	return argv, nil // an empty name is spawn's to refuse (startError)
}
