//go:build linux

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fastPathEnv is an environment in which internal/early runs a plain
// command line of a waiting mode itself; with slow set, a SYSPRIMS_
// variable sends every command line to urfave/cli instead.
func fastPathEnv(slow bool) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SYSPRIMS_") && !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	if slow {
		env = append(env, "SYSPRIMS_TEST_PATH=urfave")
	}
	return env
}

// pidsRE matches what names a PID in output: JSON fields and --verbose's
// "pid N" and "process group N", and a PID alone on its line.
var pidsRE = regexp.MustCompile(`(?m)("(?:pid|pgid|sid)":|pid |process group |^)[0-9]+`)

// The waiting modes started from internal/early's init, before urfave/cli,
// behave exactly as the same command lines parsed by urfave/cli: the same
// stdout, stderr and exit code, for plain command lines (taken early) and
// unusual ones (which early hands on).
func TestFastPathSameAsCLI(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, argv := range [][]string{
		{"setsid", "--wait", "--", "sh", "-c", "echo out; echo err >&2; exit 3"},
		{"setsid", "--wait", "sh", "-c", "kill -TERM $$"},
		{"setsid", "--wait", "--json", "--", "sh", "-c", "exit 4"},
		{"setsid", "--json", "--wait", "--ctty", "--", "true"},
		{"setsid", "--wait", "--wait", "true"},
		{"setsid", "--wait", "--", "/nonexistent/cmd"},
		{"setsid", "--wait", "--", "/etc/passwd"},
		{"setsid", "--wait", "--", "-x"},
		{"setsid", "--wait", "help"},
		{"setsid", "--wait", "--", "--", "true"},
		{"setsid", "--wait", "--", ""},
		{"setsid", "--wait", "--"},
		{"setsid", "--wait"},
		{"setsid", "--wait", "-", "true"},
		{"setsid", "--wait", "--help"},
		{"setsid", "--wait", "--bogus", "true"},
		{"setsid", "--wait=true", "true"},
		{"setsid", "-wait", "true"},
		{"setsid", "--", "true", "--wait"},
		{"nohup", "--wait", "--", "sh", "-c", "echo out; echo err >&2; kill -HUP $$; exit 5"},
		{"nohup", "--wait", "--json", "sh", "-c", "exit 6"},
		{"nohup", "--wait", "--ctty", "true"},
		{"nohup", "--wait", "--", "/nonexistent/cmd"},
		{"init", "--", "sh", "-c", "echo out; echo err >&2; exit 7"},
		{"init", "sh", "-c", "kill -TERM $$"},
		{"init", "--quiet", "--single-child", "--", "sh", "-c", "exit 8"},
		// The leftover is named in the log: once it has become sleep.
		{"init", "--verbose", "--", "sh", "-c", `sleep 1 & while [ "$(cat /proc/$!/comm)" != sleep ]; do :; done; exit 9`},
		{"init", "--no-subreaper", "--", "true"},
		{"init", "--no-subreaper", "--quiet", "--", "true"},
		{"init", "--subreaper", "--no-subreaper", "--", "true"},
		{"init", "--subreaper", "true"},
		{"init", "--", "/nonexistent/cmd"},
		{"init", "--"},
		{"init", "--grace", "0s", "--", "true"},
		{"init", "--wait", "--", "true"},
		{"init", "-h"},
	} {
		t.Run(strings.Join(argv, " "), func(t *testing.T) {
			full := append([]string{sp}, argv...)
			want := runCmd(t, t.TempDir(), fastPathEnv(true), full...)
			got := runCmd(t, t.TempDir(), fastPathEnv(false), full...)
			want.Stdout, want.Stderr = pidsRE.ReplaceAllString(want.Stdout, "${1}N"), pidsRE.ReplaceAllString(want.Stderr, "${1}N")
			got.Stdout, got.Stderr = pidsRE.ReplaceAllString(got.Stdout, "${1}N"), pidsRE.ReplaceAllString(got.Stderr, "${1}N")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("early path vs urfave/cli path (-want +got):\n%s", diff)
			}
		})
	}
}

// The early path is taken: a plain command line of each waiting mode
// ends before urfave/cli is initialised, and a SYSPRIMS_ variable sends
// it to urfave/cli (which TestFastPathSameAsCLI relies on).
func TestFastPathSkipsCLIInit(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	const urfave = "init github.com/urfave/cli/v2 @"
	for _, argv := range [][]string{
		{"setsid", "--wait", "true"},
		{"nohup", "--wait", "--", "true"},
		{"init", "--quiet", "--", "true"},
	} {
		for _, slow := range []bool{false, true} {
			env := append(fastPathEnv(slow), "GODEBUG=inittrace=1")
			res := runCmd(t, t.TempDir(), env, append([]string{sp}, argv...)...)
			if res.Code != 0 {
				t.Fatalf("%v (slow %v): exit %d, stderr %q", argv, slow, res.Code, res.Stderr)
			}
			if got := strings.Contains(res.Stderr, urfave); got != slow {
				t.Errorf("%v (slow %v): urfave/cli initialised: %v, want %v", argv, slow, got, slow)
			}
		}
	}
}
