//go:build linux

package main

// Faults and hostile input: each case defines what sysprims does, and the
// README's "Guarantees" section says the same in words.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHugeArgv(t *testing.T) {
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
		// Under the limit for sysprims, over it for the command once the
		// environment is counted twice.
		big := strings.Repeat("e", 100*1024)
		env := os.Environ()
		for i := 0; i < 14; i++ {
			env = append(env, fmt.Sprintf("BIG%d=%s", i, big))
		}
		for _, name := range []string{sp, "/usr/bin/setsid"} {
			res := runCmd(t, t.TempDir(), env, name, "-w", "true")
			if name == sp {
				res = runCmd(t, t.TempDir(), env, name, "setsid", "--wait", "--", "true")
			}
			if res.Code != 126 && res.Code != 0 {
				t.Errorf("%s: exit %d, stderr %q; want 126 or success", name, res.Code, res.Stderr)
			}
		}
	})
}

func TestHostileEnvironment(t *testing.T) {
	bin := binDir(t)
	env := append(os.Environ(),
		"SYSPRIMS_STAGE=1", "_SYSPRIMS_CONTROL_FD=3", "sysprims-stage:v1=s", "GODEBUG=inittrace=0")
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
	bin := binDir(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	file, err := os.Create(filepath.Join(dir, "fd3"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	cmd := exec.Command(filepath.Join(bin, "sysprims"), "sysprims-stage:v1", "s", "touch", marker)
	cmd.ExtraFiles = []*os.File{file}
	out, err := cmd.CombinedOutput()
	if _, serr := os.Stat(marker); serr == nil || err == nil || !strings.Contains(string(out), "unknown command") {
		t.Errorf("ran as a stage with a regular file on fd 3: %v, %q", err, out)
	}
}

func TestSymlinkInStickyFolder(t *testing.T) {
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
	res = runCmd(t, sticky, nil, sp, "setsid", "--wait", "--pidfile", trap, "--", "true")
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

func TestBrokenStdout(t *testing.T) {
	bin := binDir(t)
	pidfile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command(filepath.Join(bin, "sysprims"), "setsid", "--pidfile", pidfile, "--", "sleep", "1000")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // nobody will ever read: writing the PID gets EPIPE
	cmd.Stdout = w
	// A file, not a pipe: the command keeps running and would hold a pipe
	// open, so Run would never return.
	errFile := tempFile(t)
	cmd.Stderr = errFile
	err = cmd.Run()
	w.Close()
	stderr := readBack(t, errFile)
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr, "cannot report PID") {
		t.Fatalf("err %v, stderr %q; want exit 1 (not SIGPIPE) and a message naming the PID", err, stderr)
	}
	// The command was started and keeps running; its PID is in the pidfile.
	b, _ := os.ReadFile(pidfile)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if pid <= 0 || syscall.Kill(pid, 0) != nil || !strings.Contains(stderr, strconv.Itoa(pid)) {
		t.Errorf("command %d not running or not named in %q", pid, stderr)
	}
	syscall.Kill(pid, syscall.SIGKILL)
}

// EMFILE in the parent: sysprims needs only stdio, its control pipe, the
// pipe of fork+exec and nohup's output file, so `ulimit -n 8` works; below
// what it needs it says why in one line, and nothing is started.
func TestFileDescriptorLimit(t *testing.T) {
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
	if os.Getuid() != 0 {
		requirement(t, "root, to unmount /proc in a private mount namespace")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		requirement(t, "unshare (util-linux)")
	}
	bin := binDir(t)
	// Bare name through PATH, as a shell would run it, with /proc gone.
	script := `umount -l /proc && ! test -e /proc/self/exe && sysprims setsid --wait -- sh -c 'exit 5'`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 5 {
		t.Errorf("without /proc: %v, output %q; want exit 5 from the command", err, out)
	}
}

func TestDeletedTargetBetweenSearchAndExec(t *testing.T) {
	// The PATH search is the exec: each candidate is handed to execve
	// directly, so there is no window between finding and running. A file
	// that is gone when execve runs is simply not found.
	bin := binDir(t)
	dir := t.TempDir()
	prog := filepath.Join(dir, "vanishing")
	os.WriteFile(prog, []byte("#!/bin/sh\nexit 0\n"), 0o755)
	os.Remove(prog)
	env := append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	res := runCmd(t, dir, env, filepath.Join(bin, "sysprims"), "setsid", "--", "vanishing")
	if res.Code != 127 {
		t.Errorf("exit %d, want 127", res.Code)
	}
}
