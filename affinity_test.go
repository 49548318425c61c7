//go:build linux

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sysprims pins its threads to one CPU while it catches signals
// (internal/pin); the command still gets exactly the caller's CPU
// affinity, on every path that starts one: the waiting modes taken early
// and through urfave/cli, the short path, and init's --pdeathsig thread.
func TestCommandKeepsCallersAffinity(t *testing.T) {
	if runtime.NumCPU() < 2 {
		requirement(t, "2 CPUs (on one, pinning changes nothing and this test proves nothing)")
	}
	taskset := needTool(t, "taskset", "to set the caller's affinity")
	sp := filepath.Join(binDir(t), "sysprims")
	all := "0-" + strconv.Itoa(runtime.NumCPU()-1)
	show := []string{"sh", "-c", "grep Cpus_allowed_list /proc/self/status > \"$0\"; exit 0"}
	want := runCmd(t, t.TempDir(), nil, append([]string{taskset, "-c", all}, "sh", "-c", "grep Cpus_allowed_list /proc/self/status")...)
	if want.Code != 0 || !strings.HasPrefix(want.Stdout, "Cpus_allowed_list:") {
		t.Fatalf("taskset -c %s grep: %+v", all, want)
	}
	for _, mode := range [][]string{
		{"setsid", "--wait", "--"},
		{"nohup", "--wait", "--"},
		{"init", "--quiet", "--"},
		{"init", "--quiet", "--pdeathsig", "KILL", "--"},
		{"setsid", "--wait", "--pidfile", "PIDFILE", "--"},
		{"setsid", "--"},
		{"setsid", "--wait=false", "--wait", "--wait=false", "--"},
	} {
		for _, slow := range []bool{false, true} {
			dir := t.TempDir()
			out := filepath.Join(dir, "affinity")
			args := []string{taskset, "-c", all, sp}
			for _, a := range mode {
				args = append(args, strings.ReplaceAll(a, "PIDFILE", filepath.Join(dir, "pid")))
			}
			args = append(append(args, show...), out)
			res := runCmd(t, dir, fastPathEnv(slow), args...)
			if res.Code != 0 {
				t.Fatalf("%v: exit %d, stderr %q", mode, res.Code, res.Stderr)
			}
			// Without --wait the command may still be writing.
			var got string
			waitUntil(t, "the command to report its affinity", nil, func() bool {
				b, err := os.ReadFile(out)
				got = string(b)
				return err == nil && strings.HasSuffix(got, "\n")
			})
			if diff := cmp.Diff(want.Stdout, got); diff != "" {
				t.Errorf("%v (urfave/cli path %v): the command's affinity (-caller +command):\n%s", mode, slow, diff)
			}
		}
	}
}
