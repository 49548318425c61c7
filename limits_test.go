//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// runtimeDiedEarly tells a run in which the Go runtime itself could not
// start (before any sysprims code ran, so not what these tests judge)
// from one in which sysprims ran: the first has a fatal error whose
// traceback never reached main.run.
func runtimeDiedEarly(res result) bool {
	return res.Code == 2 && strings.Contains(res.Stderr, "fatal error") && !strings.Contains(res.Stderr, "main.run")
}

// limitedRun runs argv under the limits, retrying the rare run in which
// the runtime could not start at all.
func limitedRun(t *testing.T, dir string, argv ...string) result {
	t.Helper()
	var res result
	for try := 0; try < 5; try++ {
		if res = runCmd(t, dir, nil, argv...); !runtimeDiedEarly(res) {
			return res
		}
	}
	t.Fatalf("%v: the Go runtime never started: %q", argv, res.Stderr)
	return res
}

// Below the process limit sysprims needs, it says so in one line and
// runs nothing, instead of the runtime's "fatal error: newosproc" of a
// hundred lines half way through. Each run is a fresh UID, whose task
// count starts at 0 (RLIMIT_NPROC counts all of a user's threads). Below
// 9 the Go runtime itself can already fail to start its threads, before
// the check runs.
func TestLimitsProcesses(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		requirement(t, "root, to run as a fresh UID")
	}
	prlimit := needTool(t, "prlimit", "to set RLIMIT_NPROC")
	setpriv := needTool(t, "setpriv", "to run as a fresh UID")
	sp := buildStatic(t, t.TempDir())
	for i, n := range []int{9, 12, 14} {
		for _, verb := range [][]string{{"setsid", "--wait"}, {"init", "--quiet"}} {
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
			uid := strconv.Itoa(4_000_000 + os.Getpid()%100_000*10 + i)
			argv := append([]string{prlimit, "--nproc=" + strconv.Itoa(n), setpriv, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", sp}, verb...)
			res := limitedRun(t, dir, append(argv, "--", "touch", filepath.Join(dir, "ran"))...)
			if n >= 14 {
				// Not refused (whether that suffices depends on the CPUs).
				if strings.Contains(res.Stderr, "sysprims: ulimit -u") {
					t.Errorf("%s, ulimit -u %d: refused: %q", verb[0], n, res.Stderr)
				}
				continue
			}
			want := result{Code: 1, Stderr: fmt.Sprintf("sysprims: ulimit -u is %d, below the 14 processes and threads sysprims needs with its command\n", n)}
			if res != want {
				t.Errorf("%s, ulimit -u %d: got %+v, want %+v", verb[0], n, res, want)
			}
			if exists(filepath.Join(dir, "ran")) {
				t.Errorf("%s, ulimit -u %d: the command ran", verb[0], n)
			}
		}
	}
}

// Below the address space sysprims needs (most of it the runtime's
// reservations, plus room for one more heap arena), it says so in one
// line and runs nothing; from the figure it names on, it runs.
func TestLimitsAddressSpace(t *testing.T) {
	t.Parallel()
	prlimit := needTool(t, "prlimit", "to set RLIMIT_AS")
	sp := buildStatic(t, t.TempDir())
	needRE := regexp.MustCompile(`^sysprims: ulimit -v is (\d+) KiB, below the (\d+) KiB sysprims needs \(the Go runtime reserves most of it\)\n$`)
	for _, verb := range [][]string{{"setsid", "--wait"}, {"nohup", "--wait", "--output", "out"}, {"init", "--quiet"}} {
		dir := t.TempDir()
		run := func(kib int) result {
			argv := append([]string{prlimit, fmt.Sprintf("--as=%d", kib<<10), sp}, verb...)
			return limitedRun(t, dir, append(argv, "--", "touch", "ran")...)
		}
		// Just above what the runtime needs to start (about 705 MB with
		// Go 1.26 on amd64), and below what sysprims asks for.
		res := run(740_000)
		m := needRE.FindStringSubmatch(res.Stderr)
		if res.Code != 1 || res.Stdout != "" || m == nil || m[1] != "740000" {
			t.Fatalf("%s, ulimit -v 740000: exit %d, stdout %q, stderr %q; want 1 and one line naming the need", verb[0], res.Code, res.Stdout, res.Stderr)
		}
		if names := dirList(t, dir); len(names) != 0 {
			t.Errorf("%s: files left behind: %v", verb[0], names)
		}
		need, _ := strconv.Atoi(m[2])
		t.Logf("%s needs %d KiB", verb[0], need)
		if res := run(need + 2048); res.Code != 0 || res.Stderr != "" || !exists(filepath.Join(dir, "ran")) {
			t.Errorf("%s, ulimit -v %d (the need named, plus 2 MiB): exit %d, stderr %q; want the command run", verb[0], need+2048, res.Code, res.Stderr)
		}
	}
}
