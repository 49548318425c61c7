//go:build linux

package main

// Tests of the holes found when sysprims was tried as a hostile user would
// (issue 9): set-id callers, output and PID files that could block or be
// planted, and what a signal leaves behind.

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// mkfifo makes a FIFO named name in dir and returns its path.
func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := unix.Mkfifo(p, 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// kind is the file type of path, not followed ("" when it is missing).
func kind(path string) string {
	fi, err := os.Lstat(path)
	if err != nil {
		return ""
	}
	return fi.Mode().Type().String()
}

// setIDCopy returns a copy of this test binary named sysprims, owned by
// root with mode (for example os.ModeSetuid|0o755) and, when caps is not
// empty, those file capabilities (setcap syntax), plus the argv prefix that
// runs a program as uid/gid 65534, and a folder that user may write to.
func setIDCopy(t *testing.T, mode os.FileMode, caps string) (sp string, asUser []string, scratch string) {
	t.Helper()
	if os.Geteuid() != 0 {
		requirement(t, "root, to install a set-id copy of sysprims")
	}
	root, sp, prefix := unprivileged(t)
	if err := os.Chown(sp, 0, 0); err != nil {
		t.Fatal(err)
	}
	// After chown, which clears the set-id bits.
	if err := os.Chmod(sp, mode); err != nil {
		t.Fatal(err)
	}
	if caps != "" {
		setcap := needTool(t, "setcap", "to give a copy of sysprims file capabilities")
		if out, err := exec.Command(setcap, caps, sp).CombinedOutput(); err != nil {
			requirement(t, "setcap on "+root+": "+err.Error()+" "+string(out))
		}
	}
	scratch = filepath.Join(root, "scratch")
	if err := os.Mkdir(scratch, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(scratch, 0o777); err != nil {
		t.Fatal(err)
	}
	return sp, strings.Fields(prefix), scratch
}

// stageOutcome is what running a program as a stage by hand left.
type stageOutcome struct {
	Code    int
	Stderr  string
	Control string // what the stage wrote on its control pipe
	Ran     bool   // whether the command ran
}

// runAsStage runs argv (a program, then the marker and steps) with the
// command `touch MARKER` and the write end of a pipe as fd 3, as an
// unprivileged caller would who wants the program's privileges.
func runAsStage(t *testing.T, scratch string, argv ...string) stageOutcome {
	t.Helper()
	marker := filepath.Join(scratch, "ran")
	os.Remove(marker)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(argv[0], append(argv[1:], "touch", "touch", marker)...) // PATH, then argv
	cmd.ExtraFiles = []*os.File{w}
	errFile := tempFile(t)
	cmd.Stderr = errFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	control, _ := io.ReadAll(r)
	code := exitCode(t, cmd.Wait())
	return stageOutcome{Code: code, Stderr: readBack(t, errFile), Control: string(control), Ran: exists(marker)}
}

// A set-id program that imports spawn is no way into its privileges: handed
// the stage marker and a pipe on fd 3 by an unprivileged user, its stage
// refuses, says so in one line, reports it on the pipe and exits 127.
// AT_SECURE (here from file capabilities, with equal IDs) counts too. The
// same copy without any set-id bit runs the command: the refusal is the
// only difference.
func TestSetIDStageRefuses(t *testing.T) {
	t.Parallel()
	refused := stageOutcome{Code: 127, Stderr: "sysprims: refusing to run the stage in a set-id program\n", Control: "esetid 1"}
	for _, tc := range []struct {
		name string
		mode os.FileMode
		caps string
		want stageOutcome
	}{
		{"plain copy runs the command", 0o755, "", stageOutcome{Code: 0, Control: "x", Ran: true}},
		{"setuid root", os.ModeSetuid | 0o755, "", refused},
		{"setgid root", os.ModeSetgid | 0o755, "", refused},
		{"file capabilities (AT_SECURE)", 0o755, "cap_net_bind_service=ep", refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, asUser, scratch := setIDCopy(t, tc.mode, tc.caps)
			got := runAsStage(t, scratch, append(asUser, sp, "sysprims-stage:v2", "-")...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("stage run by uid 65534 (-want +got):\n%s", diff)
			}
		})
	}
}

// A set-id sysprims refuses on its own side too, before it starts a stage:
// one line, exit 1, nothing run.
func TestSetIDCallerRefuses(t *testing.T) {
	t.Parallel()
	sp, asUser, scratch := setIDCopy(t, os.ModeSetuid|0o755, "")
	marker := filepath.Join(scratch, "ran")
	for _, verb := range [][]string{{"setsid"}, {"setsid", "--wait"}, {"nohup", "--output", filepath.Join(scratch, "out")}} {
		t.Run(strings.Join(verb, " "), func(t *testing.T) {
			argv := append(append(append(asUser, sp), verb...), "--", "touch", marker)
			res := runCmd(t, scratch, nil, argv...)
			want := result{Code: 1, Stderr: "sysprims: refusing to start a command from a set-id program\n"}
			if diff := cmp.Diff(want, res); diff != "" {
				t.Errorf("set-id sysprims run by uid 65534 (-want +got):\n%s", diff)
			}
			if exists(marker) {
				t.Error("the command ran")
			}
			if names := dirList(t, scratch); len(names) != 0 {
				t.Errorf("files left behind: %v", names)
			}
		})
	}
}

// The test-only step letter "k" (the stage kills itself before exec) does
// not exist in a release build: sysprims' stage rejects it as a malformed
// step, runs nothing and is not killed.
func TestNoTestStepInRelease(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	scratch := t.TempDir()
	got := runAsStage(t, scratch, sp, "sysprims-stage:v2", "k")
	want := stageOutcome{Code: 127, Control: "estage 22"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stage with step k (-want +got):\n%s", diff)
	}
}

// Opening --output or --pidfile never blocks: a FIFO (without a reader, so
// that an open would wait forever, with TERM caught by --wait), a socket
// or a device node is refused with one line and exit 1, before anything
// runs, and is left as it was. A character device such as /dev/null is a
// fine --output. On a terminal, a FIFO planted as ./nohup.out is passed
// over for $HOME/nohup.out.
func TestOutputOpenNeverBlocks(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	type outcome struct {
		Result result
		Ran    bool
		Kind   string // of the planted file afterwards
	}
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, dir string) string
		args  func(file string) []string
		want  func(file string) outcome
	}{
		{
			name:  "nohup --wait --output FIFO",
			plant: func(t *testing.T, dir string) string { return mkfifo(t, dir, "f") },
			args:  func(f string) []string { return []string{"nohup", "--wait", "--output", f} },
			want: func(f string) outcome {
				return outcome{result{Code: 1, Stderr: "sysprims: output file: open " + f + ": not a regular file\n"}, false, "p---------"}
			},
		},
		{
			name:  "nohup --output FIFO",
			plant: func(t *testing.T, dir string) string { return mkfifo(t, dir, "f") },
			args:  func(f string) []string { return []string{"nohup", "--output", f} },
			want: func(f string) outcome {
				return outcome{result{Code: 1, Stderr: "sysprims: output file: open " + f + ": not a regular file\n"}, false, "p---------"}
			},
		},
		{
			name: "nohup --output socket",
			plant: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "s")
				// Close-on-exec, as Go opens every file: tests run in
				// parallel, and a command started meanwhile would inherit it.
				fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { unix.Close(fd) })
				if err := unix.Bind(fd, &unix.SockaddrUnix{Name: p}); err != nil {
					t.Fatal(err)
				}
				return p
			},
			args: func(f string) []string { return []string{"nohup", "--wait", "--output", f} },
			want: func(f string) outcome {
				return outcome{result{Code: 1, Stderr: "sysprims: output file: open " + f + ": not a regular file\n"}, false, "S---------"}
			},
		},
		{
			name:  "nohup --output /dev/null",
			plant: func(t *testing.T, dir string) string { return os.DevNull },
			args:  func(f string) []string { return []string{"nohup", "--wait", "--output", f} },
			want:  func(f string) outcome { return outcome{result{}, true, "Dc---------"} },
		},
		{
			name:  "setsid --wait --pidfile FIFO",
			plant: func(t *testing.T, dir string) string { return mkfifo(t, dir, "f") },
			args:  func(f string) []string { return []string{"setsid", "--wait", "--pidfile", f} },
			want: func(f string) outcome {
				return outcome{result{Code: 1, Stderr: "sysprims: pidfile " + f + ": not a regular file\n"}, false, "p---------"}
			},
		},
		{
			name: "nohup --pidfile character device",
			plant: func(t *testing.T, dir string) string {
				if os.Geteuid() != 0 {
					requirement(t, "root, to make a device node")
				}
				p := filepath.Join(dir, "null")
				if err := unix.Mknod(p, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
					t.Fatal(err)
				}
				return p
			},
			args: func(f string) []string { return []string{"nohup", "--pidfile", f} },
			want: func(f string) outcome {
				return outcome{result{Code: 1, Stderr: "sysprims: pidfile " + f + ": not a regular file\n"}, false, "Dc---------"}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := tc.plant(t, dir)
			marker := filepath.Join(t.TempDir(), "ran")
			res := runCmd(t, dir, nil, append(append([]string{sp}, tc.args(file)...), "--", "touch", marker)...)
			if res.Stdout != "" && res.Code == 0 {
				res.Stdout = "" // a PID, when not waiting
			}
			got := outcome{res, exists(marker), kind(file)}
			if diff := cmp.Diff(tc.want(file), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	t.Run("terminal, ./nohup.out is a FIFO", func(t *testing.T) {
		dir, home := t.TempDir(), t.TempDir()
		fifo := mkfifo(t, dir, "nohup.out")
		code, out := onTerminal(t, dir, append(os.Environ(), "HOME="+home), sp+" nohup --wait -- echo hi")
		got, _ := os.ReadFile(filepath.Join(home, "nohup.out"))
		if code != 0 || string(got) != "hi\n" || kind(fifo) != "p---------" {
			t.Errorf("exit %d, terminal %q, $HOME/nohup.out %q, ./nohup.out %s; want output in $HOME/nohup.out, FIFO untouched", code, out, got, kind(fifo))
		}
	})
}
