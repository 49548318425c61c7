//go:build linux

package main

// The integration tests run the real command line: the test binary itself,
// invoked through symlinks named sysprims, setsid and nohup, routes to
// main's run (see TestMain). The stage needs nothing here: the trampoline
// package's init enters it before TestMain could run the suite again.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// --- helpers for inspecting a running target -------------------------------

// startDetached runs `sysprims VERB -- argv...` without --wait and returns
// the target's PID, which sysprims printed. The target is killed at cleanup.
func startDetached(t *testing.T, bin, verb string, env []string, argv ...string) int {
	t.Helper()
	res := runCmd(t, t.TempDir(), env, append([]string{filepath.Join(bin, "sysprims"), verb, "--"}, argv...)...)
	if res.Code != 0 {
		t.Fatalf("sysprims %s: exit %d, stderr %q", verb, res.Code, res.Stderr)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(res.Stdout))
	if err != nil {
		t.Fatalf("sysprims %s printed %q, not a PID", verb, res.Stdout)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	return pid
}

func procFDs(t *testing.T, pid int) []string {
	t.Helper()
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	var fds []string
	for _, e := range ents {
		fds = append(fds, e.Name())
	}
	return fds
}

// inheritableFDs is what any exec'd child of this test process gets:
// 0, 1 and 2 plus our own fds that are not close-on-exec (none, unless the
// harness that started the test leaked some, which a C setsid passes on too).
func inheritableFDs(t *testing.T) []string {
	t.Helper()
	fds := []string{"0", "1", "2"}
	for _, fd := range procFDs(t, os.Getpid()) {
		info, err := os.ReadFile("/proc/self/fdinfo/" + fd)
		if err != nil || fd == "0" || fd == "1" || fd == "2" {
			continue // the fd used to read the folder is gone by now
		}
		_, rest, _ := strings.Cut(string(info), "flags:")
		flags, _ := strconv.ParseUint(strings.Fields(rest)[0], 8, 64)
		if flags&syscall.O_CLOEXEC == 0 {
			fds = append(fds, fd)
		}
	}
	sort.Strings(fds)
	return fds
}

// waitingTarget is a target that blocks until the test ends: sh reading a
// FIFO nobody writes to. Its argv is exactly argv.
func waitingTarget(t *testing.T, args ...string) []string {
	fifo := filepath.Join(t.TempDir(), "block")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	return append([]string{"sh", "-c", "read x < " + fifo, "sh"}, args...)
}

// ourSigIgn is the test process's own ignored-signal mask as the kernel
// sees it: what any child inherits before sysprims adds anything.
func ourSigIgn(t *testing.T) uint64 {
	v, err := strconv.ParseUint(procStatus(t, os.Getpid(), "SigIgn")["SigIgn"], 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// --- issue 2: the CLI and what the target inherits --------------------------

func TestSetsidTargetLeadsNewSession(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	pid := startDetached(t, bin, "setsid", nil, waitingTarget(t)...)
	pgrp, sid, tty := procStat(t, pid)
	if diff := cmp.Diff([]int{pid, pid, 0}, []int{pgrp, sid, tty}); diff != "" {
		t.Errorf("pgrp, sid, tty of the target (-want +got):\n%s", diff)
	}
	if ours, _ := unix.Getsid(0); sid == ours {
		t.Errorf("target shares the caller's session %d", ours)
	}
}

// startWaiting runs `sysprims ARGS... -- cat FIFO` in the background. It
// returns cat's PID once cat holds the FIFO open (its fd 3) to read, and a
// function that releases cat and returns sysprims' result.
//
// The target is cat because it leaves its signal mask alone. A shell
// would not do: dash clears the mask it inherits as it starts, so it
// could never show a leaked mask, and it blocks every signal around its
// own waits, so sampling it races with them.
func startWaiting(t *testing.T, bin string, env []string, args ...string) (int, func() result) {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "block")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	argv := append(append([]string{filepath.Join(bin, "sysprims")}, args...), "--", "cat", fifo)
	p := startInit(t, false, env, argv...)
	// Opening the FIFO to write succeeds once cat is opening it to read:
	// cat is then past its start. sysprims itself may be gone by then,
	// with 0, when it does not wait.
	var w *os.File
	waitUntil(t, "cat to open the FIFO", nil, func() bool {
		if p.ended() && p.err != nil {
			t.Fatalf("%v: %v, stderr %q", argv, p.err, readBack(t, p.errf))
		}
		f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err != nil && !errors.Is(err, syscall.ENXIO) {
			t.Fatal(err)
		}
		w = f
		return err == nil
	})
	t.Cleanup(func() { w.Close() })
	// cat counts as a reader from the moment it waits in open(2); its fd 3
	// appears when open returns.
	var pid int
	waitUntil(t, "cat's fd 3", nil, func() bool {
		pid = fifoReader(t, fifo)
		return pid != 0
	})
	return pid, func() result {
		if _, err := w.Write([]byte("go\n")); err != nil {
			t.Fatal(err)
		}
		w.Close()
		return p.wait(t)
	}
}

// fifoReader returns the PID of the one other process that has fifo open
// as its fd 3, or 0 while there is none.
func fifoReader(t *testing.T, fifo string) int {
	t.Helper()
	links, _ := filepath.Glob("/proc/[0-9]*/fd/3")
	var pids []int
	for _, l := range links {
		if target, err := os.Readlink(l); err == nil && target == fifo {
			pid, _ := strconv.Atoi(strings.Split(l, "/")[2])
			if pid != os.Getpid() {
				pids = append(pids, pid)
			}
		}
	}
	if len(pids) > 1 {
		t.Fatalf("processes with %s as fd 3: %v, want one (cat)", fifo, pids)
	}
	if len(pids) == 0 {
		return 0
	}
	return pids[0]
}

// The target gets exactly what the caller would give any child: its fds
// (0-2), environment and signal mask unchanged, only SIGHUP ignored for
// nohup. In every mode: detached, waiting (which catches every signal and
// holds the stage at a gate until it has) and init.
func TestTargetInheritsNothingOfTheProtocol(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	env := append(os.Environ(), "SYSPRIMS_TEST_MARK=1")
	ign := ourSigIgn(t)
	hup := uint64(1) << (syscall.SIGHUP - 1)
	for _, tt := range []struct {
		args    []string
		wantIgn uint64
	}{
		{[]string{"setsid"}, ign},
		{[]string{"nohup"}, ign | hup},
		{[]string{"setsid", "--wait"}, ign},
		{[]string{"nohup", "--wait"}, ign | hup},
		{[]string{"init", "--quiet"}, ign},
		{[]string{"init", "--quiet", "--pdeathsig", "TERM"}, ign},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			pid, release := startWaiting(t, bin, env, tt.args...)
			wantFDs := append(inheritableFDs(t), "3") // 3: cat's FIFO
			sort.Strings(wantFDs)
			if diff := cmp.Diff(wantFDs, procFDs(t, pid)); diff != "" {
				t.Errorf("target fds (-want +got):\n%s", diff)
			}
			st := procStatus(t, pid, "SigBlk", "SigIgn")
			want := map[string]string{"SigBlk": "0000000000000000", "SigIgn": fmt.Sprintf("%016x", tt.wantIgn)}
			if diff := cmp.Diff(want, st); diff != "" {
				t.Errorf("target signal state (-want +got):\n%s", diff)
			}
			environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(env, nulSplit(environ)); diff != "" {
				t.Errorf("target environment (-want +got):\n%s", diff)
			}
			if res := release(); res.Code != 0 {
				t.Errorf("sysprims: exit %d, stderr %q", res.Code, res.Stderr)
			}
		})
	}
}

func TestArgumentsPassedByteForByte(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	args := []string{"", " ", "a b", "-x", "--help", "--", "\xff\xfe invalid utf-8", "tab\there", "new\nline", "*", "$HOME"}
	for _, verb := range []string{"setsid", "nohup"} {
		argv := waitingTarget(t, args...)
		pid := startDetached(t, bin, verb, nil, argv...)
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(argv, nulSplit(cmdline)); diff != "" {
			t.Errorf("%s: target argv (-want +got):\n%s", verb, diff)
		}
	}
}

func TestNohupTargetSurvivesSIGHUP(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	for _, tt := range []struct {
		verb string
		want int // sysprims --wait's exit code after HUP then TERM
	}{
		{"nohup", 128 + int(syscall.SIGTERM)}, // HUP ignored: TERM is what kills it
		{"setsid", 128 + int(syscall.SIGHUP)}, // control: HUP, the lower pending signal, kills it first
	} {
		t.Run(tt.verb, func(t *testing.T) {
			dir := t.TempDir()
			pidfile := filepath.Join(dir, "pid")
			cmd := exec.Command(filepath.Join(bin, "sysprims"), tt.verb, "--wait", "--pidfile", pidfile, "--", "sleep", "1000")
			cmd.Dir = dir
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := readPIDFile(t, pidfile, cmd)
			syscall.Kill(pid, syscall.SIGHUP)
			syscall.Kill(pid, syscall.SIGTERM)
			err := cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tt.want {
				t.Errorf("exit %d, want %d", code, tt.want)
			}
		})
	}
}

// readPIDFile waits until sysprims has renamed its PID file into place.
func readPIDFile(t *testing.T, path string, cmd *exec.Cmd) int {
	t.Helper()
	for i := 0; ; i++ {
		b, err := os.ReadFile(path)
		if err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("pidfile holds %q", b)
			}
			return pid
		}
		if i > 100000 {
			cmd.Process.Kill()
			t.Fatal("no pidfile")
		}
		runtime.Gosched()
		syscall.Nanosleep(&syscall.Timespec{Nsec: 1e6}, nil)
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "not-exec"), []byte("exit 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sp := filepath.Join(bin, "sysprims")
	tests := []struct {
		name string
		args []string // after "sysprims VERB"
		wait int      // exit code with --wait
		det  int      // exit code without --wait
	}{
		{"success", []string{"true"}, 0, 0},
		{"child's own code", []string{"sh", "-c", "exit 7"}, 7, 0},
		{"child killed by TERM", []string{"sh", "-c", "kill -TERM $$"}, 143, 0},
		{"child killed by KILL", []string{"sh", "-c", "kill -KILL $$"}, 137, 0},
		{"not found", []string{"sysprims-no-such-command"}, 127, 127},
		{"not executable", []string{"./not-exec"}, 126, 126},
		{"a directory", []string{dir}, 126, 126},
		{"no command", []string{}, 1, 1},
		{"empty command name", []string{""}, 1, 1},
	}
	for _, verb := range []string{"setsid", "nohup"} {
		for _, tt := range tests {
			for _, wait := range []bool{true, false} {
				argv := []string{sp, verb}
				want := tt.det
				if wait {
					argv, want = append(argv, "--wait"), tt.wait
				}
				argv = append(append(argv, "--"), tt.args...)
				res := runCmd(t, dir, nil, argv...)
				if res.Code != want {
					t.Errorf("%s %s (wait=%v): exit %d, want %d; stderr %q", verb, tt.name, wait, res.Code, want, res.Stderr)
				}
				if (want == 1 || want == 126 || want == 127) && (len(lines(res.Stderr)) != 1 || !strings.HasPrefix(res.Stderr, "sysprims: ")) {
					t.Errorf("%s %s: stderr %q, want one line 'sysprims: ...'", verb, tt.name, res.Stderr)
				}
			}
		}
	}
}

func TestBadInputSpawnsNothing(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	dir := t.TempDir()
	marker := filepath.Join(dir, "marker")
	touch := []string{"--", "touch", marker}
	tests := []struct {
		name string
		argv []string
		msg  string // part of the one-line error
	}{
		{"unknown flag", append([]string{sp, "setsid", "--bogus"}, touch...), "unknown option --bogus"},
		{"unknown nohup flag", append([]string{sp, "nohup", "-x"}, touch...), "unknown option -x"},
		{"unknown command", []string{sp, "frobnicate", "touch", marker}, `unknown command "frobnicate"`},
		{"output in a missing folder", append([]string{sp, "nohup", "--output", filepath.Join(dir, "missing", "out")}, touch...), "no such file or directory"},
		{"output naming a folder", append([]string{sp, "nohup", "--output", dir}, touch...), "is a directory"},
		{"pidfile in a missing folder", append([]string{sp, "setsid", "--pidfile", filepath.Join(dir, "missing", "pid")}, touch...), "no such file or directory"},
		{"pidfile naming a folder", append([]string{sp, "nohup", "--wait", "--pidfile", dir}, touch...), "is a directory"},
		{"stage marker alone is not a stage", []string{sp, "sysprims-stage:v2", "-", "touch", "touch", marker}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := dirList(t, dir)
			res := runCmd(t, dir, nil, tt.argv...)
			if res.Code != 1 || len(lines(res.Stderr)) != 1 || !strings.HasPrefix(res.Stderr, "sysprims: ") || !strings.Contains(res.Stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want 1 and one line 'sysprims: ...%s...'", res.Code, res.Stderr, tt.msg)
			}
			if diff := cmp.Diff(before, dirList(t, dir)); diff != "" {
				t.Errorf("files changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestJSONAndPIDFile(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	dir := t.TempDir()
	sp := filepath.Join(bin, "sysprims")
	pidfile := filepath.Join(dir, "run.pid")

	// The command reads the PID file while it runs: once it is gone the
	// waiting sysprims removes the file, which names nobody any more.
	res := runCmd(t, dir, nil, sp, "setsid", "--wait", "--json", "--pidfile", pidfile, "--", "sh", "-c",
		"echo $$ > self.pid; while [ ! -s run.pid ]; do sleep 0.01; done; cat run.pid > seen.pid; stat -c %a run.pid > seen.mode; kill -USR1 $$")
	var got map[string]any
	if err := json.Unmarshal([]byte(res.Stdout), &got); err != nil || res.Code != 128+int(syscall.SIGUSR1) {
		t.Fatalf("exit %d, stdout %q: %v", res.Code, res.Stdout, err)
	}
	self, _ := os.ReadFile(filepath.Join(dir, "self.pid"))
	pid, _ := strconv.Atoi(strings.TrimSpace(string(self)))
	want := map[string]any{
		"schema_id": "sysprims.session.v1", "verb": "setsid", "status": "completed",
		"pid": float64(pid), "pgid": float64(pid), "sid": float64(pid),
		"output_file": nil, "exit_code": float64(138), "signal": float64(10),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("--json object (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "seen.pid")); string(b) != fmt.Sprintf("%d\n", pid) {
		t.Errorf("pidfile held %q, want %d", b, pid)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "seen.mode")); string(b) != "600\n" {
		t.Errorf("pidfile mode %q, want 600", b)
	}
	if diff := cmp.Diff([]string{"/seen.mode -rw-r--r--", "/seen.pid -rw-r--r--", "/self.pid -rw-r--r--"}, dirList(t, dir)); diff != "" {
		t.Errorf("files left (-want +got), neither the PID file nor a temporary file expected:\n%s", diff)
	}

	out := filepath.Join(dir, "out.log")
	res = runCmd(t, dir, nil, sp, "nohup", "--json", "--output", out, "--", "true")
	got = nil
	if err := json.Unmarshal([]byte(res.Stdout), &got); err != nil || res.Code != 0 {
		t.Fatalf("exit %d, stdout %q: %v", res.Code, res.Stdout, err)
	}
	pgrp, sid := unix.Getpgrp(), 0
	sid, _ = unix.Getsid(0)
	want = map[string]any{
		"schema_id": "sysprims.session.v1", "verb": "nohup", "status": "spawned",
		"pid": got["pid"], "pgid": float64(pgrp), "sid": float64(sid),
		"output_file": out, "exit_code": nil, "signal": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nohup --json object (-want +got):\n%s", diff)
	}
}

func TestNohupOutputOnTerminal(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	probe := `sh -c 'echo out; echo err >&2; if read x; then echo read-ok; else echo read-eof; fi'`

	t.Run("nohup.out in cwd, 0600 under umask 0277", func(t *testing.T) {
		dir := t.TempDir()
		code, term := onTerminal(t, dir, os.Environ(), "umask 0277; "+sp+" nohup --wait -- "+probe)
		got, err := os.ReadFile(filepath.Join(dir, "nohup.out"))
		if err != nil || code != 0 {
			t.Fatalf("exit %d, terminal %q: %v", code, term, err)
		}
		// stderr followed stdout; the terminal stdin was /dev/null.
		if diff := cmp.Diff("out\nerr\nread-eof\n", string(got)); diff != "" {
			t.Errorf("nohup.out (-want +got):\n%s", diff)
		}
		// Where the output went, as coreutils nohup says it.
		if diff := cmp.Diff("sysprims: nohup: ignoring input and appending output to 'nohup.out'\n", term); diff != "" {
			t.Errorf("terminal (-want +got):\n%s", diff)
		}
		if fi, _ := os.Stat(filepath.Join(dir, "nohup.out")); fi.Mode().Perm() != 0o600 {
			t.Errorf("nohup.out mode %v, want 0600", fi.Mode().Perm())
		}
	})
	t.Run("appends to an existing file and keeps its mode", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "nohup.out"), []byte("old\n"), 0o644)
		onTerminal(t, dir, os.Environ(), sp+" nohup --wait -- echo new")
		got, _ := os.ReadFile(filepath.Join(dir, "nohup.out"))
		fi, _ := os.Stat(filepath.Join(dir, "nohup.out"))
		if string(got) != "old\nnew\n" || fi.Mode().Perm() != 0o644 {
			t.Errorf("nohup.out %q mode %v, want appended and 0644 kept", got, fi.Mode().Perm())
		}
	})
	t.Run("HOME fallback when the cwd is unwritable", func(t *testing.T) {
		home := t.TempDir()
		// Nobody, root included, can create a file in /proc.
		code, term := onTerminal(t, "/proc", append(os.Environ(), "HOME="+home+"/"), sp+" nohup --wait --json -- echo hi")
		got, _ := os.ReadFile(filepath.Join(home, "nohup.out"))
		if code != 0 || string(got) != "hi\n" || !strings.Contains(term, `"output_file":"`+home+`/nohup.out"`) {
			t.Errorf("exit %d, terminal %q, $HOME/nohup.out %q", code, term, got)
		}
		if want := "sysprims: nohup: ignoring input and appending output to '" + home + "/nohup.out'\n"; !strings.HasPrefix(term, want) {
			t.Errorf("terminal %q; want it to start with %q, as coreutils names the file it fell back to", term, want)
		}
	})
	t.Run("HOME unset and cwd unwritable: error, nothing run", func(t *testing.T) {
		marker := filepath.Join(t.TempDir(), "ran")
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "HOME=") {
				env = append(env, kv)
			}
		}
		code, term := onTerminal(t, "/proc", env, sp+" nohup -- touch "+marker)
		if _, err := os.Stat(marker); err == nil || code != 1 || !strings.HasPrefix(term, "sysprims: ") || len(lines(term)) != 1 {
			t.Errorf("exit %d, terminal %q, marker err %v; want 1, one line, nothing run", code, term, err)
		}
	})
	t.Run("stdout not a terminal: no file", func(t *testing.T) {
		dir := t.TempDir()
		code, term := onTerminal(t, dir, os.Environ(), sp+" nohup --wait -- echo hi > out.txt")
		if got, _ := os.ReadFile(filepath.Join(dir, "out.txt")); code != 0 || string(got) != "hi\n" {
			t.Errorf("exit %d, out.txt %q, terminal %q", code, got, term)
		}
		if _, err := os.Stat(filepath.Join(dir, "nohup.out")); err == nil {
			t.Error("nohup.out created although stdout was not a terminal")
		}
	})
}

func TestSetsidCttyOnTerminal(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	dir := t.TempDir()
	// Field 7 of /proc/self/stat is the controlling terminal (0: none).
	probe := `sh -c 'cut -d" " -f7 /proc/$$/stat'`
	_, with := onTerminal(t, dir, os.Environ(), sp+" setsid --wait --ctty -- "+probe)
	_, without := onTerminal(t, dir, os.Environ(), sp+" setsid --wait -- "+probe)
	if strings.TrimSpace(with) == "0" || strings.TrimSpace(without) != "0" {
		t.Errorf("tty with --ctty %q (want non-zero), without %q (want 0)", with, without)
	}
	res := runCmd(t, dir, nil, sp, "setsid", "--ctty", "--", "true")
	if res.Code != 1 || !strings.Contains(res.Stderr, "sysprims: failed to set the controlling terminal: inappropriate ioctl for device") {
		t.Errorf("--ctty without a terminal: exit %d, stderr %q", res.Code, res.Stderr)
	}
}
