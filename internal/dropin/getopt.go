package dropin

import (
	"fmt"
	"strings"
)

// longOption is a getopt_long option that takes no argument (the only kind
// setsid and nohup have), with the short letter it stands for.
type longOption struct {
	name  string
	short byte
}

// getopt walks argv the way glibc getopt_long does with an optstring that
// starts with "+": options end at the first operand or after "--", short
// options may be bundled, and a long option may be abbreviated to any
// unique prefix. It only knows options without arguments.
type getopt struct {
	argv   []string
	shorts string       // the valid short letters
	longs  []longOption // in the order glibc lists them when ambiguous
	optind int          // the next argv element to look at
	bundle string       // the rest of a bundle of short options
}

func newGetopt(argv []string, shorts string, longs []longOption) *getopt {
	return &getopt{argv: argv, shorts: shorts, longs: longs, optind: 1}
}

// usageError is a getopt diagnostic, worded as glibc words it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// next returns the next option's short letter, or ok=false when the
// options are over; operands then start at g.optind.
func (g *getopt) next() (opt byte, ok bool, err error) {
	if g.bundle == "" {
		if g.optind >= len(g.argv) {
			return 0, false, nil
		}
		arg := g.argv[g.optind]
		switch {
		case arg == "--":
			g.optind++
			return 0, false, nil
		case len(arg) < 2 || arg[0] != '-':
			return 0, false, nil // an operand ("-" alone is one)
		case arg[1] == '-':
			g.optind++
			return g.long(arg[2:])
		}
		g.bundle = arg[1:]
		g.optind++
	}
	c := g.bundle[0]
	g.bundle = g.bundle[1:]
	if c == ':' || strings.IndexByte(g.shorts, c) < 0 {
		g.bundle = ""
		return 0, false, g.errorf("invalid option -- '%s'", []byte{c}) // the raw byte, as glibc prints it
	}
	return c, true, nil
}

// long matches "--" + spec, where spec may carry "=value".
func (g *getopt) long(spec string) (byte, bool, error) {
	name, _, hasValue := strings.Cut(spec, "=")
	var matches []longOption
	for _, o := range g.longs {
		if o.name == name {
			matches = []longOption{o}
			break
		}
		if strings.HasPrefix(o.name, name) {
			matches = append(matches, o)
		}
	}
	switch {
	case len(matches) == 0:
		return 0, false, g.errorf("unrecognized option '--%s'", spec)
	case len(matches) > 1:
		var b strings.Builder
		for _, o := range matches {
			fmt.Fprintf(&b, " '--%s'", o.name)
		}
		return 0, false, g.errorf("option '--%s' is ambiguous; possibilities:%s", spec, b.String())
	case hasValue:
		return 0, false, g.errorf("option '--%s' doesn't allow an argument", matches[0].name)
	}
	return matches[0].short, true, nil
}

// errorf words a diagnostic with the full argv[0], as glibc does.
func (g *getopt) errorf(format string, a ...any) error {
	return &usageError{msg: g.argv[0] + ": " + fmt.Sprintf(format, a...)}
}

// operands returns the arguments after the options.
func (g *getopt) operands() []string { return g.argv[g.optind:] }
