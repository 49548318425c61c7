package dropin

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGetopt(t *testing.T) {
	longs := []longOption{{"ctty", 'c'}, {"fork", 'f'}, {"wait", 'w'}, {"version", 'V'}, {"help", 'h'}}
	tests := []struct {
		name     string
		argv     []string
		opts     string // the letters returned, in order
		err      string
		operands []string
	}{
		{name: "no arguments", argv: []string{"setsid"}, operands: []string{}},
		{name: "stops at operand", argv: []string{"setsid", "-w", "cmd", "-f"}, opts: "w", operands: []string{"cmd", "-f"}},
		{name: "double dash ends options", argv: []string{"setsid", "--", "-f"}, operands: []string{"-f"}},
		{name: "only the first double dash", argv: []string{"setsid", "--", "--", "x"}, operands: []string{"--", "x"}},
		{name: "lone dash is an operand", argv: []string{"setsid", "-", "x"}, operands: []string{"-", "x"}},
		{name: "bundle", argv: []string{"setsid", "-wfc", "x"}, opts: "wfc", operands: []string{"x"}},
		{name: "long", argv: []string{"setsid", "--wait", "--fork", "x"}, opts: "wf", operands: []string{"x"}},
		{name: "unique prefix", argv: []string{"setsid", "--wa", "--c", "--v", "x"}, opts: "wcV", operands: []string{"x"}},
		{name: "invalid short", argv: []string{"/usr/bin/setsid", "-x"}, err: "/usr/bin/setsid: invalid option -- 'x'"},
		{name: "invalid inside bundle", argv: []string{"setsid", "-wx"}, opts: "w", err: "setsid: invalid option -- 'x'"},
		{name: "colon is never an option", argv: []string{"setsid", "-:"}, err: "setsid: invalid option -- ':'"},
		{name: "unrecognized long", argv: []string{"setsid", "--bogus=3"}, err: "setsid: unrecognized option '--bogus=3'"},
		{name: "triple dash", argv: []string{"setsid", "---"}, err: "setsid: unrecognized option '---'"},
		{name: "argument not allowed", argv: []string{"setsid", "--he=x"}, err: "setsid: option '--help' doesn't allow an argument"},
		{
			name: "empty name is ambiguous", argv: []string{"setsid", "--=x"},
			err: "setsid: option '--=x' is ambiguous; possibilities: '--ctty' '--fork' '--wait' '--version' '--help'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// After an error the operands are not read: nil, as in tt.
			want := parsed{Opts: tt.opts, Operands: tt.operands, Err: tt.err}
			if diff := cmp.Diff(want, runGetopt(t, tt.argv, "Vhcfw", longs, 0)); diff != "" {
				t.Errorf("getopt(%q) mismatch (-want +got):\n%s", tt.argv, diff)
			}
		})
	}
}

// TestGetoptNohup covers nohup's set, where no short option exists and the
// empty name is ambiguous between its two long ones.
func TestGetoptNohup(t *testing.T) {
	g := newGetopt([]string{"nohup", "--=x"}, "", []longOption{{"help", 'h'}, {"version", 'v'}})
	_, _, err := g.next()
	want := "nohup: option '--=x' is ambiguous; possibilities: '--help' '--version'"
	if err == nil || err.Error() != want {
		t.Errorf("next() error = %v, want %q", err, want)
	}
	g = newGetopt([]string{"nohup", "-h"}, "", nil)
	if _, _, err := g.next(); err == nil || err.Error() != "nohup: invalid option -- 'h'" {
		t.Errorf("next() error = %v, want invalid option -- 'h'", err)
	}
}

// parsed is what a getopt run decided.
type parsed struct {
	Opts     string   // the option letters, in order
	Operands []string // nil after an error
	Err      string   // the diagnostic, "" when none
}

// runGetopt drives the real parser like setsid (calls, at most, to the
// end of the options) or like nohup (maxCalls 1: coreutils looks at one
// option only). It fails the test if next keeps returning options past
// what argv can hold: that would be a hang.
func runGetopt(t *testing.T, argv []string, shorts string, longs []longOption, maxCalls int) parsed {
	t.Helper()
	limit := len(argv) // at most one option per byte of argv, plus the end
	for _, a := range argv {
		limit += len(a)
	}
	g := newGetopt(argv, shorts, longs)
	var p parsed
	for calls := 0; ; calls++ {
		if calls > limit {
			t.Fatalf("getopt(%q) returned %d options: it does not terminate", argv, calls)
		}
		if maxCalls > 0 && calls == maxCalls {
			break
		}
		opt, ok, err := g.next()
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("getopt(%q): error %T %v, want a *usageError", argv, err, err)
			}
			p.Err = err.Error()
			return p
		}
		if !ok {
			break
		}
		p.Opts += string(opt)
	}
	p.Operands = g.operands()
	return p
}
