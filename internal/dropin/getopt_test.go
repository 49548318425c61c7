package dropin

import (
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
			g := newGetopt(tt.argv, "Vhcfw", longs)
			var opts, errText string
			for {
				opt, ok, err := g.next()
				if err != nil {
					errText = err.Error()
					break
				}
				if !ok {
					break
				}
				opts += string(opt)
			}
			if diff := cmp.Diff(tt.opts, opts); diff != "" {
				t.Errorf("options mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.err, errText); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if tt.err == "" {
				if diff := cmp.Diff(tt.operands, g.operands()); diff != "" {
					t.Errorf("operands mismatch (-want +got):\n%s", diff)
				}
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
