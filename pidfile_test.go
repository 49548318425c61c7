//go:build linux

package main

// PID and output files (issue 9.5, 9.6, 9.9): empty names refused,
// nothing left behind by a signal, a waiting sysprims removes the PID file
// once its PID names nobody, planted files refused, a dangling link named.

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestEmptyFileNamesRefused: an empty --pidfile or --output is a mistake,
// not a request for no file: one line, exit 1, and the command not run.
func TestEmptyFileNamesRefused(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, argv := range [][]string{
		{"setsid", "--pidfile", ""},
		{"setsid", "--pidfile="},
		{"nohup", "--pidfile", ""},
		{"nohup", "--output", ""},
		{"nohup", "--wait", "--output="},
	} {
		dir := t.TempDir()
		res := runCmd(t, dir, nil, append(append([]string{sp}, argv...), "--", "sh", "-c", ": >ran")...)
		got := []string{strconv.Itoa(res.Code), strconv.Itoa(strings.Count(res.Stderr, "\n")), strconv.FormatBool(exists(filepath.Join(dir, "ran")))}
		if diff := cmp.Diff([]string{"1", "1", "false"}, got); diff != "" {
			t.Errorf("%q: exit code, stderr lines, command ran (-want +got):\n%s\nstderr: %q", argv, diff, res.Stderr)
		}
		if !strings.Contains(res.Stderr, "needs a file name") {
			t.Errorf("%q: stderr %q does not say what is wrong", argv, res.Stderr)
		}
	}
}

// TestPidfileNothingLeftBySignals: TERM or KILL at any moment of the start
// leaves no temporary file beside the PID file: it is written unnamed
// (O_TMPFILE) and linked into place in one step. Swept at random moments
// in the first 10 ms, fresh and replacing an existing file.
func TestPidfileNothingLeftBySignals(t *testing.T) {
	// Not parallel: the sweep over moments is meant for a quiet machine.
	sp := filepath.Join(binDir(t), "sysprims")
	for i := 0; i < 60; i++ {
		dir := t.TempDir()
		pf := filepath.Join(dir, "job.pid")
		if i%2 == 1 {
			if err := os.WriteFile(pf, []byte("1\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		sig := syscall.SIGTERM
		if i%3 == 0 {
			sig = syscall.SIGKILL
		}
		cmd := exec.Command(sp, "setsid", "--pidfile", pf, "--", "true")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(10_000)) * time.Microsecond)
		_ = cmd.Process.Signal(sig)
		_ = cmd.Wait()
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.Name() != "job.pid" {
				t.Errorf("run %d (%v): %s left beside the PID file", i, sig, e.Name())
			}
		}
	}
}

// TestPidfileRemovedAfterWait: with --wait the PID file goes when the
// command has gone, unless it no longer holds our PID.
func TestPidfileRemovedAfterWait(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, tc := range []struct {
		name, script string
		want         []string // exit code, the file's content or "(none)"
	}{
		{"ours", "exit 3", []string{"3", "(none)"}},
		{"rewritten by someone else", `while [ "$(cat "$0" 2>/dev/null)" != $$ ]; do sleep 0.01; done; echo 1 >"$0"; exit 3`, []string{"3", "1\n"}},
	} {
		for _, verb := range []string{"setsid", "nohup"} {
			dir := t.TempDir()
			pf := filepath.Join(dir, "job.pid")
			res := runCmd(t, dir, nil, sp, verb, "--wait", "--pidfile", pf, "--", "sh", "-c", tc.script, pf)
			content := "(none)"
			if b, err := os.ReadFile(pf); err == nil {
				content = string(b)
			}
			if diff := cmp.Diff(tc.want, []string{strconv.Itoa(res.Code), content}); diff != "" {
				t.Errorf("%s %s: exit code, PID file (-want +got):\n%s\nstderr: %q", verb, tc.name, diff, res.Stderr)
			}
		}
	}
}

// TestPlantedFilesInStickyFolder: in a sticky world-writable folder, an
// existing file that belongs neither to us nor to the folder's owner may
// have been planted there by another user: --output does not append to it
// and --pidfile does not replace it (the kernel's protected_regular rule).
// The folder owner's file and our own are used as before.
func TestPlantedFilesInStickyFolder(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		requirement(t, "root, to own files as other users")
	}
	sp := filepath.Join(binDir(t), "sysprims")
	const folderOwner, stranger = 65533, 65534
	for _, tc := range []struct {
		name  string
		owner int
		argv  func(f string) []string
		code  int
	}{
		{"--output, a stranger's file", stranger, func(f string) []string { return []string{"nohup", "--output", f} }, 1},
		{"--pidfile, a stranger's file", stranger, func(f string) []string { return []string{"setsid", "--pidfile", f} }, 1},
		{"--output, the folder owner's file", folderOwner, func(f string) []string { return []string{"nohup", "--output", f} }, 0},
		{"--output, our own file", 0, func(f string) []string { return []string{"nohup", "--output", f} }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shared")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, os.ModeSticky|0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(dir, folderOwner, folderOwner); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(dir, "planted")
			if err := os.WriteFile(f, []byte("precious\n"), 0o666); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(f, tc.owner, tc.owner); err != nil {
				t.Fatal(err)
			}
			res := runCmd(t, dir, nil, append(append([]string{sp}, tc.argv(f)...), "--", "true")...)
			b, _ := os.ReadFile(f)
			if tc.code == 1 {
				got := []string{strconv.Itoa(res.Code), strconv.FormatBool(strings.Contains(res.Stderr, "belongs to another user")), string(b)}
				if diff := cmp.Diff([]string{"1", "true", "precious\n"}, got); diff != "" {
					t.Errorf("exit code, says why, file content (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
				}
			} else if res.Code != 0 {
				t.Errorf("exit %d, stderr %q; want 0", res.Code, res.Stderr)
			}
		})
	}
}

// TestOutputDanglingLink: an --output that is a symbolic link to nowhere is
// named as such, not as a bare "no such file or directory".
func TestOutputDanglingLink(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	dir := t.TempDir()
	link := filepath.Join(dir, "out")
	if err := os.Symlink(filepath.Join(dir, "missing", "log"), link); err != nil {
		t.Fatal(err)
	}
	res := runCmd(t, dir, nil, sp, "nohup", "--output", link, "--", "true")
	want := "sysprims: output file: open " + link + ": no such file or directory (a dangling symbolic link to " + filepath.Join(dir, "missing", "log") + ")\n"
	if diff := cmp.Diff([]string{"1", want}, []string{strconv.Itoa(res.Code), res.Stderr}); diff != "" {
		t.Errorf("exit code, stderr (-want +got):\n%s", diff)
	}
}
