//go:build linux

package spawn_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/spawn"
)

// stressBound is how long the stress test waits for anything (a detached
// command's file, goroutines to end) before it gives up. Nothing is timed:
// it is only there so that a bug fails instead of hanging.
const stressBound = 2 * time.Minute

// stressCall is one kind of call the stress test makes, over and over.
type stressCall struct {
	name string
	// run makes the call with its own file in dir and returns what went
	// wrong, or "" when the outcome is exactly as expected. A detached
	// command is not waited for; settle then checks what it left.
	run    func(i int, file string) (settle func() string, problem string)
	weight int
}

// The commands report their own PID, process group and session (and for
// nohup their ignored signals) with shell builtins only, so that each call
// costs one stage and one sh.
const (
	// $0: the file to write; $1: the exit code.
	reportIDs = `read -r pid comm state ppid pgrp sid rest < /proc/$$/stat; echo "$pid $pgrp $sid" > "$0"; exit "$1"`
	// To stdout, the output file: PID and SigIgn.
	reportNohup = `while read -r k v; do [ "$k" = SigIgn: ] && ign=$v; done < /proc/$$/status; echo "$$ $ign"; exit "$0"`
)

func stressCalls() []stressCall {
	setsidIDs := func(pid int, text string) string {
		if want := fmt.Sprintf("%d %d %d\n", pid, pid, pid); text != want {
			return fmt.Sprintf("command reported pid pgrp sid %q, want %q", text, want)
		}
		return ""
	}
	nohupOut := func(pid int, text string) string {
		f := strings.Fields(text)
		if len(f) != 2 || f[0] != strconv.Itoa(pid) || !strings.HasSuffix(text, "\n") {
			return fmt.Sprintf("output file holds %q, want PID %d and SigIgn", text, pid)
		}
		if ign, err := strconv.ParseUint(f[1], 16, 64); err != nil || ign&1 == 0 {
			return fmt.Sprintf("SIGHUP not ignored in the command: SigIgn %s", f[1])
		}
		return ""
	}
	return []stressCall{
		{name: "setsid wait exit", weight: 3, run: func(i int, file string) (func() string, string) {
			code := i % 256
			out, err := spawn.RunSetsid("sh", []string{"-c", reportIDs, file, strconv.Itoa(code)}, spawn.SetsidConfig{Wait: true})
			if err != nil {
				return nil, err.Error()
			}
			if diff := cmp.Diff(&exitcode.Status{Code: code}, out.Status); diff != "" {
				return nil, "status (-want +got):\n" + diff
			}
			return nil, setsidIDs(out.PID, readFile(file))
		}},
		{name: "setsid wait signal", weight: 1, run: func(i int, file string) (func() string, string) {
			out, err := spawn.RunSetsid("sh", []string{"-c", "kill -TERM $$"}, spawn.SetsidConfig{Wait: true})
			if err != nil {
				return nil, err.Error()
			}
			if diff := cmp.Diff(&exitcode.Status{Signal: syscall.SIGTERM}, out.Status); diff != "" || out.PID <= 0 {
				return nil, fmt.Sprintf("pid %d, status (-want +got):\n%s", out.PID, diff)
			}
			return nil, ""
		}},
		{name: "setsid detached", weight: 3, run: func(i int, file string) (func() string, string) {
			out, err := spawn.RunSetsid("sh", []string{"-c", reportIDs, file, "0"}, spawn.SetsidConfig{})
			if err != nil {
				return nil, err.Error()
			}
			if out.Completed() || out.PID <= 0 {
				return nil, fmt.Sprintf("outcome %+v, want spawned with a PID", out)
			}
			return func() string { return setsidIDs(out.PID, waitForLine(file)) }, ""
		}},
		{name: "nohup wait", weight: 3, run: func(i int, file string) (func() string, string) {
			code := i % 256
			out, err := spawn.RunNohup("sh", []string{"-c", reportNohup, strconv.Itoa(code)}, spawn.NohupConfig{OutputFile: file, Wait: true})
			if err != nil {
				return nil, err.Error()
			}
			want := spawn.NohupOutcome{PID: out.PID, OutputFile: file, Status: &exitcode.Status{Code: code}}
			if diff := cmp.Diff(want, out); diff != "" {
				return nil, "outcome (-want +got):\n" + diff
			}
			return nil, nohupOut(out.PID, readFile(file))
		}},
		{name: "nohup detached", weight: 3, run: func(i int, file string) (func() string, string) {
			out, err := spawn.RunNohup("sh", []string{"-c", reportNohup, "0"}, spawn.NohupConfig{OutputFile: file})
			if err != nil {
				return nil, err.Error()
			}
			if diff := cmp.Diff(spawn.NohupOutcome{PID: out.PID, OutputFile: file}, out); diff != "" || out.PID <= 0 {
				return nil, fmt.Sprintf("pid %d, outcome (-want +got):\n%s", out.PID, diff)
			}
			return func() string { return nohupOut(out.PID, waitForLine(file)) }, ""
		}},
		{name: "setsid not found, detached", weight: 1, run: setsidNotFound(false)},
		{name: "setsid not found, wait", weight: 1, run: setsidNotFound(true)},
		{name: "nohup not found, detached", weight: 1, run: nohupNotFound(false)},
		{name: "nohup not found, wait", weight: 1, run: nohupNotFound(true)},
	}
}

// stressMissing is a command that PATH does not hold.
const stressMissing = "sysprims-stress-no-such-command"

// notFound checks the error of a call that ran stressMissing.
func notFound(err error) string {
	var ee *spawn.ExecError
	if !errors.As(err, &ee) || !errors.Is(err, fs.ErrNotExist) || exitcode.FromError(err) != exitcode.NotFound {
		return fmt.Sprintf("error %v, want an *ExecError for a command not found (127)", err)
	}
	return ""
}

func setsidNotFound(wait bool) func(int, string) (func() string, string) {
	return func(_ int, _ string) (func() string, string) {
		_, err := spawn.RunSetsid(stressMissing, nil, spawn.SetsidConfig{Wait: wait})
		return nil, notFound(err)
	}
}

// nohupNotFound also checks that the output file of a command that never
// ran was not left behind.
func nohupNotFound(wait bool) func(int, string) (func() string, string) {
	return func(_ int, file string) (func() string, string) {
		_, err := spawn.RunNohup(stressMissing, nil, spawn.NohupConfig{OutputFile: file, Wait: wait})
		if p := notFound(err); p != "" {
			return nil, p
		}
		if _, err := os.Lstat(file); !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Sprintf("output file of a command that never ran left behind: %v", err)
		}
		return nil, ""
	}
}

// TestStressConcurrentCalls makes 500 RunSetsid and RunNohup calls at
// once, waiting and detached, succeeding and failing, and checks every
// outcome and that the caller is left as it was: the same open fds, no
// child (so no zombie), no extra goroutine.
func TestStressConcurrentCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped in -short mode")
	}
	const n = 500
	dir := t.TempDir()
	calls := stressCalls()
	var plan []stressCall
	for len(plan) < n {
		for _, c := range calls {
			for w := 0; w < c.weight && len(plan) < n; w++ {
				plan = append(plan, c)
			}
		}
	}

	// One call of each kind first, so that whatever the runtime opens
	// once and keeps (the netpoller's fds, idle threads) exists before the
	// snapshot.
	for i, c := range calls {
		settle, problem := c.run(n+i, filepath.Join(dir, fmt.Sprintf("warm-%d", i)))
		if problem == "" && settle != nil {
			problem = settle()
		}
		if problem != "" {
			t.Fatalf("warm-up %s: %s", c.name, problem)
		}
	}
	fdsBefore := openFDs(t)
	kidsBefore := children(t)
	goroutinesBefore := runtime.NumGoroutine()

	start := time.Now()
	settles := make([]func() string, n)
	problems := make([]string, n)
	var wg sync.WaitGroup
	for i, c := range plan {
		wg.Go(func() {
			settles[i], problems[i] = c.run(i, filepath.Join(dir, strconv.Itoa(i)))
		})
	}
	wg.Wait()
	t.Logf("%d concurrent calls returned in %v", n, time.Since(start).Round(time.Millisecond))

	// Every outcome is right; detached commands wrote what they saw.
	count := map[string]int{}
	failures := 0
	for i, c := range plan {
		count[c.name]++
		p := problems[i]
		if p == "" && settles[i] != nil {
			p = settles[i]()
		}
		if p != "" {
			if failures++; failures <= 20 {
				t.Errorf("call %d (%s): %s", i, c.name, p)
			}
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d calls went wrong", failures, n)
	}
	t.Logf("calls by kind: %v", count)

	if diff := cmp.Diff(fdsBefore, openFDs(t)); diff != "" {
		t.Errorf("open fds of the caller (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(kidsBefore, children(t)); diff != "" {
		t.Errorf("children of the caller, zombies marked Z (-before +after):\n%s", diff)
	}
	// The goroutines of the calls end when the calls return; give the
	// scheduler time to let them go, polling without a timed assertion.
	goroutines := runtime.NumGoroutine()
	for deadline := time.Now().Add(stressBound); goroutines > goroutinesBefore && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		goroutines = runtime.NumGoroutine()
	}
	if goroutines > goroutinesBefore {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before the calls, %d after:\n%s", goroutinesBefore, goroutines, buf[:runtime.Stack(buf, true)])
	}
}

func readFile(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

// waitForLine polls name until it holds a whole line, written by a
// detached command that runs on its own.
func waitForLine(name string) string {
	deadline := time.Now().Add(stressBound)
	for {
		b, err := os.ReadFile(name)
		if err == nil && strings.HasSuffix(string(b), "\n") {
			return string(b)
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("nothing written after %v (%q, %v)", stressBound, b, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// openFDs lists the caller's open fds with what they point to.
func openFDs(t *testing.T) []string {
	t.Helper()
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	names, err := d.Readdirnames(-1)
	self := strconv.Itoa(int(d.Fd()))
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	var fds []string
	for _, fd := range names {
		if fd == self {
			continue // the folder being read
		}
		target, _ := os.Readlink("/proc/self/fd/" + fd)
		fds = append(fds, fd+" -> "+target)
	}
	sort.Strings(fds)
	return fds
}

// children lists the processes whose parent is the caller, as
// "PID STATE COMM" (a zombie has state Z), from /proc/*/stat.
func children(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	me := os.Getpid()
	var kids []string
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(s[end+1:]) // state, ppid, ...
		if len(f) > 1 && f[1] == strconv.Itoa(me) {
			kids = append(kids, e.Name()+" "+f[0]+" "+s[open+1:end])
		}
	}
	sort.Strings(kids)
	return kids
}
