//go:build linux

package main

// Faults and hostile input: each case defines what sysprims does, and the
// README's "Guarantees" section says the same in words.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func TestHugeArgv(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	t.Run("100,000 arguments", func(t *testing.T) {
		args := make([]string, 100000)
		for i := range args {
			args[i] = strconv.Itoa(i % 10)
		}
		res := runCmd(t, t.TempDir(), nil, append([]string{sp, "setsid", "--wait", "--", "sh", "-c", `echo $# "$1" "${100000}"`, "sh"}, args...)...)
		if res.Code != 0 || res.Stdout != "100000 0 9\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", res.Code, res.Stdout, res.Stderr)
		}
	})
	t.Run("1 MiB of argument bytes", func(t *testing.T) {
		// One argument can be at most 128 KiB (MAX_ARG_STRLEN): nobody can
		// pass a single 1 MiB argument to any program, sysprims included.
		chunk := strings.Repeat("a", 128*1024-1)
		args := []string{chunk, chunk, chunk, chunk, chunk, chunk, chunk, chunk}
		res := runCmd(t, t.TempDir(), nil, append([]string{sp, "nohup", "--wait", "--", "sh", "-c", `printf %s "$@" | wc -c`, "sh"}, args...)...)
		if res.Code != 0 || strings.TrimSpace(res.Stdout) != strconv.Itoa(8*len(chunk)) {
			t.Errorf("exit %d, stdout %q, stderr %q", res.Code, res.Stdout, res.Stderr)
		}
	})
	t.Run("too long for the kernel: 126 like setsid(1)", func(t *testing.T) {
		// 1.4 MiB of environment, near the kernel's limit (ARG_MAX, 2 MiB
		// by default), through sysprims' extra exec of its stage. On a
		// default Linux both run the command (exit 0): the command never
		// gets more than sysprims itself got, so E2BIG's 126 is reached
		// only where the limit falls in between.
		if _, err := os.Stat("/usr/bin/setsid"); err != nil {
			requirement(t, "/usr/bin/setsid (util-linux)")
		}
		big := strings.Repeat("e", 100*1024)
		env := os.Environ()
		for i := 0; i < 14; i++ {
			env = append(env, fmt.Sprintf("BIG%d=%s", i, big))
		}
		codes := map[string]int{}
		for name, argv := range map[string][]string{
			"sysprims": {sp, "setsid", "--wait", "--", "true"},
			"setsid":   {"/usr/bin/setsid", "-w", "true"},
		} {
			res := runCmd(t, t.TempDir(), env, argv...)
			if res.Code != 126 && res.Code != 0 {
				t.Errorf("%s: exit %d, stderr %q; want 126 or success", name, res.Code, res.Stderr)
			}
			codes[name] = res.Code
		}
		if codes["sysprims"] != codes["setsid"] {
			t.Errorf("exit codes %v; want sysprims' to be setsid(1)'s", codes)
		}
	})
}

func TestHostileEnvironment(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	env := append(os.Environ(),
		"SYSPRIMS_STAGE=1", "_SYSPRIMS_CONTROL_FD=3", "sysprims-stage:v2=s", "GODEBUG=inittrace=0")
	res := runCmd(t, t.TempDir(), env, filepath.Join(bin, "sysprims"), "setsid", "--wait", "--", "env", "-0")
	if res.Code != 0 {
		t.Fatalf("exit %d, stderr %q", res.Code, res.Stderr)
	}
	if diff := cmp.Diff(env, nulSplit([]byte(res.Stdout))); diff != "" {
		t.Errorf("target environment (-want +got):\n%s", diff)
	}
}

// An argv that looks like a stage is not one without the control pipe,
// whatever else sits on fd 3.
func TestStageNeedsControlPipe(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	file, err := os.Create(filepath.Join(dir, "fd3"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	cmd := exec.Command(filepath.Join(bin, "sysprims"), "sysprims-stage:v2", "s", "touch", "touch", marker)
	cmd.ExtraFiles = []*os.File{file}
	out, err := cmd.CombinedOutput()
	if _, serr := os.Stat(marker); serr == nil || err == nil || !strings.Contains(string(out), "unknown command") {
		t.Errorf("ran as a stage with a regular file on fd 3: %v, %q", err, out)
	}
}

func TestSymlinkInStickyFolder(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	sticky := t.TempDir()
	if err := os.Chmod(sticky, os.ModeSticky|0o777); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	trap := filepath.Join(sticky, "planted")
	if err := os.Symlink(victim, trap); err != nil {
		t.Fatal(err)
	}
	res := runCmd(t, sticky, nil, sp, "nohup", "--output", trap, "--", "echo", "owned")
	if res.Code != 1 || !strings.Contains(res.Stderr, "refusing a symlink") {
		t.Errorf("--output through a planted symlink: exit %d, stderr %q", res.Code, res.Stderr)
	}
	// The PID file is renamed into place: a planted link is replaced, never followed.
	res = runCmd(t, sticky, nil, sp, "setsid", "--pidfile", trap, "--", "true")
	if res.Code != 0 {
		t.Errorf("--pidfile: exit %d, stderr %q", res.Code, res.Stderr)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("victim file changed: %q", b)
	}
	if fi, err := os.Lstat(trap); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("pidfile: %v, %v; want a regular 0600 file in place of the link", fi, err)
	}
}

// reportPIDTo runs `sysprims setsid --pidfile F -- sleep 1000` with stdout
// on stdout and returns sysprims' exit code (-1: killed by a signal), its
// stderr and the PID in F (0: none). The command is killed at cleanup.
func reportPIDTo(t *testing.T, stdout *os.File) (code int, stderr string, pid int) {
	t.Helper()
	pidfile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command(filepath.Join(binDir(t), "sysprims"), "setsid", "--pidfile", pidfile, "--", "sleep", "1000")
	cmd.Stdout = stdout
	// A file, not a pipe: the command keeps running and would hold a pipe
	// open, so Run would never return.
	errFile := tempFile(t)
	cmd.Stderr = errFile
	err := cmd.Run()
	if b, rerr := os.ReadFile(pidfile); rerr == nil {
		pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	if pid > 0 {
		t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	}
	return exitCode(t, err), readBack(t, errFile), pid
}

func TestBrokenStdout(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // nobody will ever read: writing the PID gets EPIPE
	defer w.Close()
	code, stderr, pid := reportPIDTo(t, w)
	if code != 1 || !strings.Contains(stderr, "cannot report PID") {
		t.Fatalf("exit %d, stderr %q; want exit 1 (not SIGPIPE) and a message naming the PID", code, stderr)
	}
	// The command was started and keeps running; its PID is in the pidfile.
	if pid <= 0 || syscall.Kill(pid, 0) != nil || !strings.Contains(stderr, strconv.Itoa(pid)) {
		t.Errorf("command %d not running or not named in %q", pid, stderr)
	}
}

// A closed stdout (`>&-`) is a different case from a broken pipe: the Go
// runtime opens /dev/null on a closed fd 0-2 before any sysprims code runs
// (README, G1), so the PID line goes to /dev/null and sysprims exits 0. The
// command gets /dev/null as stdout, never sysprims' fds of later.
func TestClosedStdout(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	pidfile := filepath.Join(t.TempDir(), "pid")
	out := filepath.Join(t.TempDir(), "target-stdout")
	res := runCmd(t, t.TempDir(), nil, "sh", "-c", `exec "$@" >&-`, "sh",
		filepath.Join(bin, "sysprims"), "setsid", "--pidfile", pidfile, "--wait", "--",
		"sh", "-c", `x=$(readlink /proc/$$/fd/1); echo "$x" >"$0"
			while [ ! -s "$1" ]; do sleep 0.01; done; cat "$1" >"$0.pid"`, out, pidfile)
	got, _ := os.ReadFile(out)
	if diff := cmp.Diff([]string{"0", "", "/dev/null"}, []string{strconv.Itoa(res.Code), res.Stderr, strings.TrimSpace(string(got))}); diff != "" {
		t.Errorf("exit code, stderr, command's stdout (-want +got):\n%s", diff)
	}
	// The command saw its PID file; once it is gone, so is the file.
	if b, err := os.ReadFile(out + ".pid"); err != nil || len(b) == 0 {
		t.Errorf("pidfile while the command ran: %q, %v", b, err)
	}
}

// EMFILE in the parent: sysprims needs only stdio, its control pipe, the
// pipe of fork+exec and nohup's output file, so `ulimit -n 8` works; below
// what it needs it says why in one line, and nothing is started.
func TestFileDescriptorLimit(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	for _, tc := range []struct {
		verb  []string
		needs int
	}{
		{[]string{"setsid", "--wait"}, 7},
		{[]string{"nohup", "--wait", "--output", "out"}, 8},
	} {
		verb := tc.verb
		for _, limit := range []int{4, 6, 7, 8, 16} {
			dir := t.TempDir()
			argv := append([]string{"sh", "-c", fmt.Sprintf(`ulimit -n %d && exec "$@"`, limit), "sh", sp}, verb...)
			res := runCmd(t, dir, nil, append(argv, "--", "sh", "-c", "exit 3")...)
			t.Logf("%s, ulimit -n %d: exit %d %s", verb[0], limit, res.Code, strings.TrimSpace(res.Stderr))
			if limit >= tc.needs {
				if res.Code != 3 {
					t.Errorf("%s, ulimit -n %d: exit %d, stderr %q; want the command's 3", verb[0], limit, res.Code, res.Stderr)
				}
				continue
			}
			if res.Code != 1 || len(lines(res.Stderr)) != 1 || !strings.HasPrefix(res.Stderr, "sysprims: ") {
				t.Errorf("%s, ulimit -n %d: exit %d, stderr %q; want 1 and one line", verb[0], limit, res.Code, res.Stderr)
			}
			if verb[0] == "nohup" {
				if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
					t.Errorf("ulimit -n %d: output file left behind by a command that never started", limit)
				}
			}
		}
	}
}

func TestWithoutProc(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		requirement(t, "root, to unmount /proc in a private mount namespace")
	}
	unshare := needTool(t, "unshare", "for a private mount namespace")
	bin := binDir(t)
	// Bare name through PATH, as a shell would run it, with /proc gone.
	// /proc may be mounted more than once (a container's over the host's).
	script := `while test -e /proc/self/exe; do umount -l /proc || exit 99; done
sysprims setsid --wait -- sh -c 'exit 5'`
	cmd := exec.Command(unshare, "--mount", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 5 {
		t.Errorf("without /proc: %v, output %q; want exit 5 from the command", err, out)
	}
}

func TestDeletedTargetBetweenSearchAndExec(t *testing.T) {
	t.Parallel()
	// The PATH search is the exec: each candidate is handed to execve
	// directly, so there is no window between finding and running. A file
	// that is gone when execve runs is simply not found.
	bin := binDir(t)
	dir := t.TempDir()
	prog := filepath.Join(dir, "vanishing")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(prog); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	res := runCmd(t, dir, env, filepath.Join(bin, "sysprims"), "setsid", "--", "vanishing")
	if res.Code != 127 {
		t.Errorf("exit %d, stderr %q; want 127", res.Code, res.Stderr)
	}
}

// --- nohup output on a full device -------------------------------------------

// On /dev/full every write fails with ENOSPC. sysprims opens the output
// and runs the command as usual: the command sees the write errors, says
// so on its stderr (which is not redirected unless it is a terminal), and
// its exit status is sysprims' (with --wait). The drop-in does exactly
// what coreutils nohup does. Only sysprims' own PID line is sysprims'
// error: one line, exit 1, the command keeps running.
func TestNohupOnFullDevice(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/full"); err != nil {
		requirement(t, "/dev/full")
	}
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	// The exit code says the write failed; echo's complaint is worded by
	// the shell (dash: "I/O error", bash: "No space left on device").
	cmd := []string{"sh", "-c", `echo hi; exit $(( $? + 40 ))`}
	const echoFailed = "<sh: echo: write error>\n"
	normalize := func(stderr string) string {
		if l := lines(stderr); len(l) == 1 && strings.Contains(l[0], "echo") && strings.HasPrefix(l[0], "sh: ") {
			return echoFailed
		}
		return stderr
	}
	t.Run("CLI --output /dev/full", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string // after "sysprims nohup"
			want result
		}{
			{"--wait: the command's status", []string{"--output", "/dev/full", "--wait"}, result{Code: 41, Stderr: echoFailed}},
			{"--wait --json", []string{"--output", "/dev/full", "--wait", "--json"}, result{Code: 41, Stderr: echoFailed}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := runCmd(t, t.TempDir(), nil, append(append([]string{sp, "nohup"}, tc.args...), append([]string{"--"}, cmd...)...)...)
				if slices.Contains(tc.args, "--json") {
					var got map[string]any
					if err := json.Unmarshal([]byte(res.Stdout), &got); err != nil || got["output_file"] != "/dev/full" || got["exit_code"] != float64(41) {
						t.Errorf("--json: %q (%v), want output_file /dev/full and exit_code 41", res.Stdout, err)
					}
					res.Stdout = ""
				}
				res.Stderr = normalize(res.Stderr)
				if diff := cmp.Diff(tc.want, res); diff != "" {
					t.Errorf("outcome (-want +got):\n%s", diff)
				}
			})
		}
	})
	t.Run("CLI without --wait", func(t *testing.T) {
		dir := t.TempDir()
		done := filepath.Join(dir, "done")
		res := runCmd(t, dir, nil, sp, "nohup", "--output", "/dev/full", "--", "sh", "-c", `echo hi; echo $? > "$0"`, done)
		// The command's own complaint may reach the shared stderr before
		// or after sysprims exits; sysprims itself says nothing.
		if pid, err := strconv.Atoi(strings.TrimSpace(res.Stdout)); res.Code != 0 || err != nil || pid <= 0 {
			t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and the PID", res.Code, res.Stdout, res.Stderr)
		}
		waitUntil(t, "the detached command's status", nil, func() bool { return strings.HasSuffix(fileText(t, done), "\n") })
		if got := fileText(t, done); got != "1\n" {
			t.Errorf("the command's echo returned %q, want 1 (write error)", got)
		}
	})
	t.Run("the PID line on a full device", func(t *testing.T) {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer full.Close()
		code, stderr, pid := reportPIDTo(t, full)
		if code != 1 || len(lines(stderr)) != 1 || !strings.HasPrefix(stderr, fmt.Sprintf("sysprims: cannot report PID %d: ", pid)) {
			t.Fatalf("exit %d, stderr %q; want exit 1 and one line naming PID %d", code, stderr, pid)
		}
		if s := procState(pid); s == 0 || s == 'Z' {
			t.Errorf("command %d is not running (state %q)", pid, s)
		}
	})
	t.Run("drop-in, beside coreutils", func(t *testing.T) {
		if _, err := os.Stat("/usr/bin/nohup"); err != nil {
			requirement(t, "/usr/bin/nohup (coreutils)")
		}
		script := `sh -c 'echo hi; exit $(( $? + 40 ))'`
		for _, tc := range []struct {
			name   string
			tty    bool
			script string
		}{
			// stdout is not a terminal: nohup leaves it alone.
			{"stdout on /dev/full", false, `NOHUP ` + script + ` > /dev/full`},
			// On a terminal, nohup.out is a symlink to /dev/full: followed,
			// as coreutils follows it; stderr goes there too.
			{"nohup.out linked to /dev/full", true, `ln -s /dev/full nohup.out; NOHUP ` + script},
		} {
			t.Run(tc.name, func(t *testing.T) {
				outcome := func(nohup string) result {
					dir := t.TempDir()
					s := strings.ReplaceAll(tc.script, "NOHUP", nohup)
					if tc.tty {
						code, term := onTerminal(t, dir, append(os.Environ(), "LC_ALL=C"), s)
						return result{Code: code, Stdout: strings.ReplaceAll(term, nohup, "nohup")}
					}
					res := runCmd(t, dir, append(os.Environ(), "LC_ALL=C"), "sh", "-c", s)
					res.Stderr = strings.ReplaceAll(res.Stderr, nohup, "nohup")
					return res
				}
				want := outcome("/usr/bin/nohup")
				if want.Code != 41 {
					t.Fatalf("coreutils nohup: %+v; want the command's 41", want)
				}
				if diff := cmp.Diff(want, outcome(filepath.Join(bin, "nohup"))); diff != "" {
					t.Errorf("drop-in vs coreutils (-coreutils +drop-in):\n%s", diff)
				}
			})
		}
	})
}

// --- nohup.out in a read-only folder -----------------------------------------

// A terminal's nohup in a folder it may not write to falls back to
// $HOME/nohup.out; when $HOME is read-only too it fails with one line,
// exit 1, and runs nothing. (TestNohupOutputOnTerminal does the same as
// root, in /proc.)
func TestNohupOutInReadOnlyFolder(t *testing.T) {
	t.Parallel()
	root, sp, asUser := unprivileged(t)
	mkdir := func(name string, mode os.FileMode, owned bool) string {
		dir := filepath.Join(root, name)
		if err := os.Mkdir(dir, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		if owned && asUser != "" {
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	cwd := mkdir("cwd", 0o555, false)
	homeRW := mkdir("home-rw", 0o755, true)
	homeRO := mkdir("home-ro", 0o555, false)
	marks := mkdir("marks", 0o777, true)
	// The folders really are read-only for the user the command runs as.
	if code, out := onTerminal(t, cwd, os.Environ(), asUser+"sh -c ': > probe'"); code == 0 {
		requirement(t, "a user without CAP_DAC_OVERRIDE (folder permissions apply): "+out)
	}

	for i, tc := range []struct {
		name     string
		home     string
		wantCode int
		wantFile string // where the output went, "" for nowhere
	}{
		{"HOME writable: $HOME/nohup.out", homeRW, 0, filepath.Join(homeRW, "nohup.out")},
		{"HOME read-only too: error, nothing run", homeRO, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			marker := filepath.Join(marks, fmt.Sprintf("ran-%d", i))
			env := append(os.Environ(), "HOME="+tc.home)
			code, term := onTerminal(t, cwd, env, asUser+sp+" nohup --wait -- sh -c 'touch "+marker+"; echo out'")
			if code != tc.wantCode {
				t.Errorf("exit %d, terminal %q; want %d", code, term, tc.wantCode)
			}
			for _, f := range []string{filepath.Join(cwd, "nohup.out"), filepath.Join(homeRW, "nohup.out"), filepath.Join(homeRO, "nohup.out")} {
				if f == tc.wantFile {
					continue
				}
				if _, err := os.Lstat(f); err == nil {
					t.Errorf("%s was created", f)
				}
			}
			if tc.wantFile == "" {
				if exists(marker) {
					t.Error("the command ran although no output file could be opened")
				}
				if len(lines(term)) != 1 || !strings.HasPrefix(term, "sysprims: ") {
					t.Errorf("terminal %q, want one line 'sysprims: ...'", term)
				}
				return
			}
			if !exists(marker) {
				t.Error("the command did not run")
			}
			fi, err := os.Stat(tc.wantFile)
			if err != nil {
				t.Fatal(err)
			}
			got := fileText(t, tc.wantFile)
			if diff := cmp.Diff("out\n", got); diff != "" || fi.Mode().Perm() != 0o600 {
				t.Errorf("%s mode %v, contents (-want +got):\n%s", tc.wantFile, fi.Mode().Perm(), diff)
			}
			os.Remove(tc.wantFile)
		})
	}
}

// --- the waiting parent killed with SIGKILL ----------------------------------

// When sysprims is killed with SIGKILL while it waits, nothing can run in
// it: the command is re-parented (to init or the nearest subreaper) and
// keeps running as it was, in its own session for setsid and init, with
// SIGHUP ignored for nohup. Only `init --pdeathsig SIG` changes that
// (TestInitPdeathsig: KILL; TestWaitingParentKilledPdeathsig: a TERM the
// command can catch).
func TestWaitingParentKilled(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	for _, tc := range []struct {
		verb      []string
		ownSID    bool // the command leads its own session
		hupIgnore bool
	}{
		{[]string{"setsid", "--wait"}, true, false},
		{[]string{"nohup", "--wait", "--output", "out"}, false, true},
		{[]string{"init", "--quiet"}, true, false},
	} {
		t.Run(strings.Join(tc.verb, " "), func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "cmd")
			argv := append([]string{filepath.Join(bin, "sysprims")}, tc.verb...)
			argv = append(argv, "--", "sh", "-c", `echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && exec sleep 1000`, pidFile)
			p := startInit(t, false, nil, argv...)
			pid := p.awaitPIDFile(t, pidFile)
			parent := p.pid
			p.signal(t, syscall.SIGKILL)
			if res := p.wait(t); res.Code != 128+int(syscall.SIGKILL) {
				t.Fatalf("sysprims: exit %d, want killed", res.Code)
			}
			// Re-parenting happens as the parent dies, before wait returns.
			if s := procState(pid); s == 0 || s == 'Z' {
				t.Fatalf("command %d ended with its parent (state %q)", pid, s)
			}
			if ppid := procStatus(t, pid, "PPid")["PPid"]; ppid == strconv.Itoa(parent) {
				t.Errorf("command %d still has its dead parent %s", pid, ppid)
			}
			_, sid, _ := procStat(t, pid)
			ours, _ := unix.Getsid(0)
			if tc.ownSID && sid != pid || !tc.ownSID && sid != ours {
				t.Errorf("command %d is in session %d (ours %d)", pid, sid, ours)
			}
			ign, err := strconv.ParseUint(procStatus(t, pid, "SigIgn")["SigIgn"], 16, 64)
			if err != nil {
				t.Fatalf("SigIgn of %d: %v", pid, err)
			}
			if got := ign&(1<<(syscall.SIGHUP-1)) != 0; got != tc.hupIgnore {
				t.Errorf("SIGHUP ignored: %v, want %v", got, tc.hupIgnore)
			}
		})
	}
}

// `init --pdeathsig TERM`: killing sysprims with KILL delivers TERM to
// CMD, which can catch it and end cleanly.
func TestWaitingParentKilledPdeathsig(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	dir := t.TempDir()
	script := `trap 'echo TERM > "$0/caught"; kill $!; exit 0' TERM; echo $$ > "$0/cmd.tmp" && mv "$0/cmd.tmp" "$0/cmd"; sleep 1000 & wait`
	p := startInit(t, false, nil, filepath.Join(bin, "sysprims"), "init", "--quiet", "--pdeathsig", "TERM", "--", "sh", "-c", script, dir)
	pid := p.awaitPIDFile(t, filepath.Join(dir, "cmd"))
	p.signal(t, syscall.SIGKILL)
	p.wait(t)
	waitUntil(t, "CMD to catch TERM", nil, func() bool { return fileText(t, filepath.Join(dir, "caught")) == "TERM\n" })
	waitUntil(t, "CMD to end", nil, func() bool { s := procState(pid); return s == 0 || s == 'Z' })
}

// --- the stage killed before it execs ----------------------------------------

// straceInject checks that strace can tamper with system calls here
// (ptrace may be forbidden in a container).
func straceInject(t *testing.T) string {
	t.Helper()
	strace := needTool(t, "strace", "to kill the stage at a system call")
	if out, err := exec.Command(strace, "-f", "-qq", "-o", "/dev/null", "-e", "inject=getppid:retval=1", "true").CombinedOutput(); err != nil {
		requirement(t, fmt.Sprintf("strace that may trace (ptrace allowed): %v %s", err, out))
	}
	return strace
}

// The stage is killed (SIGKILL) at its setsid(2), after the parent handed
// it the command and before the command runs: sysprims says so in one
// line, exits 1, and leaves nothing behind: no command, no PID file, no
// process. strace injects the signal, so no hook in sysprims is needed;
// sysprims itself never calls setsid(2), only the stage does.
// (trampoline's TestStartNoticesStageDeath covers the other step sets.)
func TestStageKilledBeforeExec(t *testing.T) {
	t.Parallel()
	strace := straceInject(t)
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	for _, verb := range [][]string{
		{"setsid", "--wait"},
		{"setsid"},
		{"setsid", "--json"},
		{"init", "--quiet"},
	} {
		t.Run(strings.Join(verb, " "), func(t *testing.T) {
			dir := t.TempDir()
			marker := filepath.Join(dir, "ran")
			pidfile := filepath.Join(dir, "pid")
			env, live := withToken(t)
			argv := append([]string{strace, "-f", "-qq", "-o", "/dev/null", "-e", "inject=setsid:signal=KILL", sp}, verb...)
			if verb[0] == "setsid" {
				argv = append(argv, "--pidfile", pidfile)
			}
			argv = append(argv, "--", "touch", marker)
			res := runCmd(t, dir, append(os.Environ(), env...), argv...)
			if res.Code != 1 || res.Stdout != "" || len(lines(res.Stderr)) != 1 ||
				!strings.HasPrefix(res.Stderr, "sysprims: ") || !strings.Contains(res.Stderr, "stage died before exec") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing on stdout, one line 'sysprims: ... stage died before exec'", res.Code, res.Stdout, res.Stderr)
			}
			if exists(marker) {
				t.Error("the command ran")
			}
			if names := dirList(t, dir); len(names) != 0 {
				t.Errorf("files left behind: %v", names)
			}
			if pids := live(); len(pids) != 0 {
				t.Errorf("processes left behind: %v", pids)
			}
		})
	}
}
