//go:build unix

package dropin

// Fuzz targets for the drop-ins' option parsing and message quoting. The
// seed corpora are in testdata/fuzz/FuzzXxx; run one target with
//
//	go test -run '^$' -fuzz FuzzGetoptSetsid -fuzztime 3m ./internal/dropin

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fuzzArgv turns one fuzzed string into the arguments after argv[0]:
// NUL separates them, as in /proc/PID/cmdline (an argument can hold
// anything but NUL). The empty string is no argument at all.
func fuzzArgv(argv0, s string) []string {
	if s == "" {
		return []string{argv0}
	}
	return append([]string{argv0}, strings.Split(s, "\x00")...)
}

// modelGetopt is glibc's getopt_long with a "+" optstring and options
// without arguments, written from its documentation rather than from
// getopt.go: argv is scanned element by element; "--" ends the options
// and is dropped, "-", "" and anything not starting with '-' is the first
// operand; "--name[=value]" is a long option (exact name, else a unique
// prefix); "-abc" is a bundle of short letters. The first diagnostic ends
// the scan. maxCalls bounds the options returned as runGetopt does.
func modelGetopt(argv []string, shorts string, longs []longOption, maxCalls int) parsed {
	var p parsed
	prog := argv[0] + ": "
	calls := 0
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "--":
			if maxCalls > 0 && calls == maxCalls {
				p.Operands = argv[i:]
			} else {
				p.Operands = argv[i+1:]
			}
			return p
		case a == "-" || !strings.HasPrefix(a, "-"):
			p.Operands = argv[i:]
			return p
		}
		if maxCalls > 0 && calls == maxCalls {
			p.Operands = argv[i:]
			return p
		}
		if strings.HasPrefix(a, "--") {
			calls++
			spec := a[2:]
			name, _, withValue := strings.Cut(spec, "=")
			var found []longOption
			for _, o := range longs {
				if o.name == name { // an exact name wins over prefixes
					found = []longOption{o}
					break
				}
				if len(name) <= len(o.name) && o.name[:len(name)] == name {
					found = append(found, o)
				}
			}
			switch {
			case len(found) == 0:
				p.Err = prog + "unrecognized option '--" + spec + "'"
			case len(found) > 1:
				p.Err = prog + "option '--" + spec + "' is ambiguous; possibilities:"
				for _, o := range found {
					p.Err += " '--" + o.name + "'"
				}
			case withValue:
				p.Err = prog + "option '--" + found[0].name + "' doesn't allow an argument"
			default:
				p.Opts += string(found[0].short)
				continue
			}
			return p
		}
		for j := 1; j < len(a); j++ {
			if maxCalls > 0 && calls == maxCalls {
				// nohup stopped inside a bundle; it never reads the operands.
				p.Operands = argv[i+1:]
				return p
			}
			calls++
			c := a[j]
			// glibc never accepts ':' or ';' as option letters.
			if c == ':' || c == ';' || !strings.Contains(shorts, string([]byte{c})) {
				// The letter is printed as the raw byte, whatever it is.
				p.Err = prog + "invalid option -- '" + string([]byte{c}) + "'"
				return p
			}
			p.Opts += string([]byte{c})
		}
	}
	p.Operands = []string{}
	return p
}

// checkGetopt compares the parser with the model and checks the
// properties every result must have.
func checkGetopt(t *testing.T, argv []string, shorts string, longs []longOption, maxCalls int) {
	t.Helper()
	got := runGetopt(t, argv, shorts, longs, maxCalls)
	want := modelGetopt(argv, shorts, longs, maxCalls)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("getopt(%q) mismatch (-want +got):\n%s", argv, diff)
	}
	if got.Err != "" {
		if !strings.HasPrefix(got.Err, argv[0]+": ") {
			t.Fatalf("getopt(%q): diagnostic %q does not start with argv[0]", argv, got.Err)
		}
		return
	}
	// A success is a valid option set and a suffix of argv.
	valid := shorts
	for _, o := range longs {
		valid += string(o.short)
	}
	for i := 0; i < len(got.Opts); i++ {
		if !strings.Contains(valid, got.Opts[i:i+1]) {
			t.Fatalf("getopt(%q) returned option %q, which does not exist", argv, got.Opts[i])
		}
	}
	// (Length first: slicing argv for more operands than it holds panics.)
	if len(got.Operands) > len(argv)-1 || !cmp.Equal(argv[len(argv)-len(got.Operands):], got.Operands) {
		t.Fatalf("getopt(%q): operands %q are not a suffix of argv", argv, got.Operands)
	}
	// Nothing after the first operand is ever interpreted: appending
	// arguments that look like options changes only the operands.
	if len(got.Operands) > 0 {
		more := append(append([]string{}, argv...), "--help", "-V", "--", "-x")
		again := runGetopt(t, more, shorts, longs, maxCalls)
		wantAgain := parsed{Opts: got.Opts, Operands: append(append([]string{}, got.Operands...), "--help", "-V", "--", "-x")}
		if diff := cmp.Diff(wantAgain, again); diff != "" {
			t.Fatalf("getopt(%q) after an operand: options were read (-want +got):\n%s", more, diff)
		}
	}
}

func FuzzGetoptSetsid(f *testing.F) {
	f.Fuzz(func(t *testing.T, args string) {
		checkGetopt(t, fuzzArgv("setsid", args), "Vhcfw", setsidLongs, 0)
	})
}

func FuzzGetoptNohup(f *testing.F) {
	f.Fuzz(func(t *testing.T, args string) {
		checkGetopt(t, fuzzArgv("nohup", args), "", nohupLongs, 1)
	})
}

// FuzzShellQuote checks the quoting of names in nohup's messages: the
// result is one shell word made of printable characters that reads back
// as the name, except in the one case where coreutils itself writes a
// malformed word (see shellQuote), which it then reproduces.
func FuzzShellQuote(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, utf8Mode bool) {
		got := shellQuote(s, utf8Mode)
		if got == "" || (got[0] != '\'' && got[0] != '"') {
			t.Fatalf("shellQuote(%q, %v) = %s: not a quoted word", s, utf8Mode, got)
		}
		for _, r := range got {
			if !utf8Mode && (r < 0x20 || r >= 0x7f) {
				t.Fatalf("shellQuote(%q, C locale) = %q: holds a byte that is not printable ASCII", s, got)
			}
			if unicode.IsControl(r) {
				t.Fatalf("shellQuote(%q, %v) = %q: holds a control character", s, utf8Mode, got)
			}
		}
		if !utf8.ValidString(got) {
			t.Fatalf("shellQuote(%q, %v) = %q: not valid UTF-8", s, utf8Mode, got)
		}
		units := splitPrintable(s, utf8Mode)
		malformed := strings.Contains(s, "'") && len(units) > 0 &&
			!units[0].printable && !units[len(units)-1].printable
		back, err := shellUnquote(got)
		switch {
		case malformed:
			// coreutils 9.1 writes the leading escapes without their $'
		case err != nil:
			t.Fatalf("shellQuote(%q, %v) = %s: %v", s, utf8Mode, got, err)
		case back != s:
			t.Fatalf("shellQuote(%q, %v) = %s, which reads back as %q", s, utf8Mode, got, back)
		}
	})
}

// TestShellQuoteFuzzFindings pins what FuzzShellQuoteCoreutils found,
// as coreutils 9.1 nohup prints it under LC_ALL=C.UTF-8: U+2028 and
// U+2029 are not printable for glibc, and a real U+FFFD is.
func TestShellQuoteFuzzFindings(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"\u2028'", `''$'\342\200\250'\'''`},
		{"\u2028", `''$'\342\200\250'`},
		{"a\u2029b", `'a'$'\342\200\251''b'`},
		{"\ufffd", "'\ufffd'"},
	} {
		if got := shellQuote(tt.in, true); got != tt.want {
			t.Errorf("shellQuote(%q, utf8) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// shellUnquote reads one shell word made of '...', "..." (without
// expansions), \c and $'...' parts, as bash does.
func shellUnquote(w string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(w); {
		switch c := w[i]; {
		case c == '\'' || c == '"':
			end := strings.IndexByte(w[i+1:], c)
			if end < 0 {
				return "", fmt.Errorf("unterminated %c at %d", c, i)
			}
			b.WriteString(w[i+1 : i+1+end])
			i += end + 2
		case c == '\\' && i+1 < len(w):
			b.WriteByte(w[i+1])
			i += 2
		case c == '$' && i+1 < len(w) && w[i+1] == '\'':
			n, err := ansiC(&b, w[i+2:])
			if err != nil {
				return "", err
			}
			i += 2 + n
		case strings.IndexByte(" \t\n;&|<>()`$*?[#~=%!{}", c) >= 0:
			return "", fmt.Errorf("unquoted %q at %d", c, i)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// ansiC decodes the body of a $'...' word up to its closing quote and
// returns the bytes of w it used, the quote included.
func ansiC(b *strings.Builder, w string) (int, error) {
	const letters = "abtnvfr"
	for i := 0; i < len(w); {
		switch c := w[i]; {
		case c == '\'':
			return i + 1, nil
		case c != '\\':
			b.WriteByte(c)
			i++
		case i+1 >= len(w):
			return 0, errors.New("dangling backslash in $''")
		case strings.IndexByte(letters, w[i+1]) >= 0:
			b.WriteByte(byte(7 + strings.IndexByte(letters, w[i+1])))
			i += 2
		case w[i+1] >= '0' && w[i+1] <= '7':
			v, j := 0, i+1
			for ; j < len(w) && j < i+4 && w[j] >= '0' && w[j] <= '7'; j++ {
				v = v*8 + int(w[j]-'0')
			}
			b.WriteByte(byte(v))
			i = j
		default: // \\, \', \" and anything else stand for themselves
			b.WriteByte(w[i+1])
			i += 2
		}
	}
	return 0, errors.New("unterminated $''")
}

// FuzzShellQuoteCoreutils compares shellQuote with what coreutils nohup
// itself prints for a command it cannot run, in the C and C.UTF-8
// locales. The seed corpus (one process per input) runs with every go
// test, as a side-by-side test that needs /usr/bin/nohup (required under
// CI=true); fuzzing it is slow, so -fuzz runs it only when
// SYSPRIMS_FUZZ_COREUTILS=1.
func FuzzShellQuoteCoreutils(f *testing.F) {
	const nohup = "/usr/bin/nohup"
	if fuzzing() && os.Getenv("SYSPRIMS_FUZZ_COREUTILS") != "1" {
		f.Skip("set SYSPRIMS_FUZZ_COREUTILS=1 to fuzz against coreutils nohup")
	}
	if _, err := os.Stat(nohup); err != nil {
		missingPrerequisite(f, "coreutils nohup ("+nohup+")")
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string, utf8Mode bool) {
		// Under a folder that does not exist, so that nothing can run,
		// whatever the name says ("/.." does not climb out of a missing
		// folder). argv cannot hold NUL.
		name := "/nonexistent-sysprims-fuzz/" + strings.ReplaceAll(s, "\x00", "")
		if len(name) > 4000 {
			return
		}
		locale := "C"
		if utf8Mode {
			locale = "C.UTF-8"
		}
		cmd := exec.Command(nohup, name)
		cmd.Dir = dir
		cmd.Env = []string{"LC_ALL=" + locale, "PATH=/nonexistent"}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run() // fails: 127, or 126 (e.g. ENAMETOOLONG)
		// coreutils always says "failed to run command NAME: ERROR" here:
		// anything else means that nothing was compared.
		msg := stderr.String()
		prefix := nohup + ": failed to run command "
		end := strings.LastIndex(msg, ": ")
		if !strings.HasPrefix(msg, prefix) || end < len(prefix) {
			t.Fatalf("nohup %q (%s): %v, stderr %q; want %q NAME: ERROR", name, locale, err, msg, prefix)
		}
		want := msg[len(prefix):end]
		if got := shellQuote(name, utf8Mode); got != want {
			t.Fatalf("shellQuote(%q, utf8=%v) = %s, coreutils says %s", name, utf8Mode, got, want)
		}
	})
}

// fuzzing reports whether go test was given -fuzz, as opposed to running
// the seed corpora as ordinary tests.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}
