//go:build linux

package main

// Processes that left CMD's process group (issue 12.1, 12.2): a setsid'd
// child, a job-control background job and a double-forking daemon get the
// TERM when CMD exits and when sysprims is told to stop, as PID 1 and as a
// subreaper, and sysprims waits for them before it exits.

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func TestInitEscapesGetTERM(t *testing.T) {
	sp := filepath.Join(binDir(t), "sysprims")
	for _, tc := range []struct {
		name    string
		ns      bool
		stopped bool // sysprims gets a TERM while CMD runs (docker stop)
	}{
		{"subreaper, CMD exits", false, false},
		{"PID 1, CMD exits", true, false},
		{"subreaper, sysprims stopped", false, true},
		{"PID 1, sysprims stopped", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			log := filepath.Join(dir, "log")
			// Each escapee notes the TERM it gets, then exits.
			escapee := func(name string) string {
				return fmt.Sprintf(`sh -c 'trap "echo %s >>%s; exit 0" TERM; echo x >>%s/ready; while :; do sleep 0.05; done'`, name, log, dir)
			}
			wait := ""
			if tc.stopped {
				wait = "trap 'exit 0' TERM; while :; do sleep 0.05; done"
			}
			script := strings.Join([]string{
				"setsid " + escapee("setsid") + " &",
				"sh -c 'set -m; " + strings.ReplaceAll(escapee("jobcontrol"), "'", `'\''`) + " &'",
				"(setsid sh -c '" + strings.ReplaceAll(escapee("daemon"), "'", `'\''`) + " &' &)",
				fmt.Sprintf("while [ \"$(wc -l <%s/ready 2>/dev/null)\" != 3 ]; do sleep 0.01; done", dir),
				": >" + dir + "/started",
				wait,
			}, "\n")
			p := startInit(t, tc.ns, nil, sp, "init", "--grace", "30s", "--", "sh", "-c", script)
			if tc.stopped {
				waitUntil(t, "the escapees to start", p.ended, func() bool { return exists(filepath.Join(dir, "started")) })
				p.signal(t, unix.SIGTERM)
			}
			res := p.wait(t)
			b, _ := os.ReadFile(log)
			got := strings.Fields(string(b))
			sort.Strings(got)
			if diff := cmp.Diff([]string{"daemon", "jobcontrol", "setsid"}, got); diff != "" {
				t.Errorf("escapees that got the TERM (-want +got):\n%s\nexit %d, stderr %q", diff, res.Code, res.Stderr)
			}
			if res.Code != 0 {
				t.Errorf("exit %d, stderr %q; want CMD's 0", res.Code, res.Stderr)
			}
		})
	}
}
