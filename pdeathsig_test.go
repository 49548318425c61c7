//go:build linux

package main

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// With --pdeathsig, CMD runs as long as sysprims does: the thread that
// started CMD's stage is kept for sysprims' lifetime (the parent-death
// signal fires when that thread ends), while the wait loop runs elsewhere.
// Down both paths to the same code: early's and urfave/cli's.
func TestInitPdeathsigNotBeforeSysprimsDies(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, slow := range []bool{false, true} {
		// The SIGCHLD of the sleep, and the wake-ups of the wait loop,
		// give the runtime every chance to end an idle thread.
		got := runCmd(t, t.TempDir(), fastPathEnv(slow), sp, "init", "--quiet", "--pdeathsig", "KILL", "--",
			"sh", "-c", "sleep 0.2; sleep 0.2; echo alive; exit 3")
		if diff := cmp.Diff(result{Code: 3, Stdout: "alive\n"}, got); diff != "" {
			t.Errorf("init --pdeathsig KILL (slow path %v) (-want +got):\n%s", slow, diff)
		}
	}
}
