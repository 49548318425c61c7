//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// `sysprims help [COMMAND]` prints what --help prints, exit 0.
func TestCLIHelpCommand(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, tc := range []struct {
		argv, same []string
	}{
		{[]string{"help"}, nil},
		{[]string{"help"}, []string{"--help"}},
		{[]string{"help", "help"}, nil},
		{[]string{"help", "setsid"}, []string{"setsid", "--help"}},
		{[]string{"help", "nohup"}, []string{"nohup", "--help"}},
		{[]string{"help", "init"}, []string{"init", "-h"}},
	} {
		name := strings.Join(tc.argv, " ")
		got := runCmd(t, t.TempDir(), nil, append([]string{sp}, tc.argv...)...)
		want := runCmd(t, t.TempDir(), nil, append([]string{sp}, tc.same...)...)
		if !strings.Contains(want.Stdout, "USAGE:") || want.Code != 0 {
			t.Fatalf("sysprims %s: exit %d, stdout %q; want help text", strings.Join(tc.same, " "), want.Code, want.Stdout)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("sysprims %s vs sysprims %s (-want +got):\n%s", name, strings.Join(tc.same, " "), diff)
		}
	}
}

// A command-line mistake is one line naming the option as it was typed
// and the help to read, exit 1, and nothing is run.
func TestCLIUsageErrors(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	type outcome struct {
		Code           int
		Stdout, Stderr string
	}
	for _, tc := range []struct {
		env  []string
		argv []string
		want string // stderr, exit 1
	}{
		{nil, []string{"--wait", "setsid", "--", "touch", "marker"},
			"sysprims: unknown option --wait (try 'sysprims --help')"},
		{nil, []string{"-wait", "setsid", "--", "touch", "marker"},
			"sysprims: unknown option -wait (try 'sysprims --help')"},
		{nil, []string{"--bogus=1", "setsid", "--", "touch", "marker"},
			"sysprims: unknown option --bogus (try 'sysprims --help')"},
		{nil, []string{"setsid", "--bogus", "--", "touch", "marker"},
			"sysprims: unknown option --bogus (try 'sysprims setsid --help')"},
		{nil, []string{"setsid", "--wait", "-x", "--", "touch", "marker"},
			"sysprims: unknown option -x (try 'sysprims setsid --help')"},
		{nil, []string{"nohup", "--output", "--x", "--y", "--", "touch", "marker"},
			"sysprims: unknown option --y (try 'sysprims nohup --help')"},
		{nil, []string{"setsid", "---x", "--", "touch", "marker"},
			"sysprims: unknown option ---x (try 'sysprims setsid --help')"},
		{nil, []string{"init", "--pdeathsig"},
			"sysprims: option --pdeathsig needs a value (try 'sysprims init --help')"},
		{nil, []string{"init", "--grace", "soon", "--", "touch", "marker"},
			`sysprims: invalid value "soon" for --grace: want a duration such as 10s or 500ms (try 'sysprims init --help')`},
		{nil, []string{"init", "--remap-exit=x", "--", "touch", "marker"},
			`sysprims: invalid value "x" for --remap-exit: want a whole number (try 'sysprims init --help')`},
		{nil, []string{"setsid", "--wait=maybe", "--", "touch", "marker"},
			`sysprims: invalid value "maybe" for --wait: want true or false (try 'sysprims setsid --help')`},
		{[]string{"SYSPRIMS_GRACE=soon"}, []string{"init", "--", "touch", "marker"},
			`sysprims: invalid value "soon" in SYSPRIMS_GRACE (for --grace): want a duration such as 10s or 500ms (try 'sysprims init --help')`},
		{nil, []string{"init", "--rewrite", "KILL:TERM", "--", "touch", "marker"},
			`sysprims: init: --rewrite: invalid rewrite "KILL:TERM": SIGKILL cannot be caught (try 'sysprims init --help')`},
		{[]string{"SYSPRIMS_REWRITE=TERM:33"}, []string{"init", "--", "touch", "marker"},
			`sysprims: init: --rewrite: invalid rewrite "TERM:33": signal 33 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64) (try 'sysprims init --help')`},
		{nil, []string{"init", "--pdeathsig", "32", "--", "touch", "marker"},
			`sysprims: init: --pdeathsig: signal 32 is reserved for the C library's threads; real-time signals are RTMIN to RTMAX (34-64) (try 'sysprims init --help')`},
		{nil, []string{"init", "--pdeathsig", "0", "--", "touch", "marker"},
			`sysprims: init: --pdeathsig: invalid signal number "0": signals are 1-31 and RTMIN to RTMAX (34-64) (try 'sysprims init --help')`},
		{nil, []string{"help", "frobnicate"},
			`sysprims: no help for "frobnicate": not a command (try 'sysprims --help')`},
		{nil, []string{"help", "setsid", "nohup"},
			"sysprims: help takes one command at most (try 'sysprims --help')"},
		{nil, []string{"frobnicate"},
			`sysprims: unknown command "frobnicate" (try 'sysprims --help')`},
	} {
		t.Run(strings.Join(tc.argv, " "), func(t *testing.T) {
			dir := t.TempDir()
			res := runCmd(t, dir, append(os.Environ(), tc.env...), append([]string{sp}, tc.argv...)...)
			if diff := cmp.Diff(outcome{1, "", tc.want + "\n"}, outcome(res)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if exists(filepath.Join(dir, "marker")) {
				t.Errorf("the command ran after a usage error")
			}
		})
	}
}
