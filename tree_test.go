//go:build linux

package main

// Tests of `sysprims init` and the whole tree of CMD (issue 12): the
// subreaper by default, forwarding errors that are not fatal, signals and
// cleanup that reach the processes which left CMD's process group, and
// the exit status. Each runs as PID 1 of a new PID namespace, as a plain
// child (a subreaper by default) and, where it fits, under runc; tini and
// dumb-init are run beside it where they differ, and what they do is
// logged. Synchronisation is by files the scripts write.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// nobody is the unprivileged uid and gid tests drop to.
const nobody = "65534"

// sharedDir returns a fresh folder that any user may enter and write, for
// scripts that run as nobody.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// epermScript runs as CMD under a sysprims that runs as nobody. It first
// becomes root through a setuid copy of setpriv ($1/setpriv-root), so that
// sysprims cannot signal it (EPERM), says ready and waits for $1/go; then
// it drops back to nobody, where a forwarded USR1 reaches it and makes it
// exit 7.
const epermScript = `d=$1
exec $d/setpriv-root --reuid=0 --regid=0 --clear-groups sh -c '
	touch $0/ready
	while [ ! -e $0/go ]; do sleep 0.01; done
	exec setpriv --reuid=` + nobody + ` --regid=` + nobody + ` --clear-groups sh -c "
		trap \"echo usr1 >> \$0/out; exit 7\" USR1
		touch \$0/ready2
		while :; do sleep 0.05; done" $0' $d
`

// A forwarded signal that cannot be delivered (kill fails with EPERM:
// CMD runs as another user) is logged under --verbose and sysprims goes
// on: it forwards the next signal and exits with CMD's status. (tini
// exits when kill fails: its issue #9.)
func TestInitForwardErrorNotFatal(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		requirement(t, "root, to run sysprims as another user")
	}
	setpriv := needTool(t, "setpriv", "to run sysprims as another user")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ns   bool
	}{
		{"PID 1", true},
		{"subreaper", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sharedDir(t)
			// The test binary may sit in a folder nobody cannot enter.
			sp := copyExec(t, self, dir, "sysprims", 0o755)
			copyExec(t, setpriv, dir, "setpriv-root", 0o755|os.ModeSetuid)
			if err := os.WriteFile(filepath.Join(dir, "cmd.sh"), []byte(epermScript), 0o644); err != nil {
				t.Fatal(err)
			}
			p := startInit(t, tc.ns, os.Environ(), setpriv, "--reuid="+nobody, "--regid="+nobody, "--clear-groups", "--",
				sp, "init", "--verbose", "--single-child", "--", "/bin/sh", filepath.Join(dir, "cmd.sh"), dir)
			p.awaitReady(t, tc.name, dir)
			p.signal(t, unix.SIGUSR1)
			waitUntil(t, "the failed forward to be logged", p.ended, func() bool {
				return strings.Contains(readBack(t, p.errf), "forwarded SIGUSR1 to pid ") &&
					strings.Contains(readBack(t, p.errf), ": operation not permitted\n")
			})
			if err := os.WriteFile(filepath.Join(dir, "go"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, "CMD to drop to nobody", p.ended, func() bool { return exists(filepath.Join(dir, "ready2")) })
			p.signal(t, unix.SIGUSR1)
			res := p.wait(t)
			if diff := cmp.Diff(outcome{7, []string{"usr1"}}, outcomeIn(t, dir, res)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
			if n := strings.Count(res.Stderr, "forwarded SIGUSR1 to pid"); n != 2 {
				t.Errorf("%d forwards of SIGUSR1 logged, want 2; stderr %q", n, res.Stderr)
			}
		})
	}
}

// The exit status tells apart what it can (issue 12.5): 128+N when CMD
// died of signal N, whether sysprims forwarded it or CMD raised it itself
// (as tini and dumb-init do; --verbose's "forwarded SIGTERM" line is what
// tells the two apart), CMD's own code otherwise (an explicit exit 143
// looks the same as a TERM), and 1 for sysprims' own failure.
func TestInitExitStatusStories(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	type got struct {
		Code      int
		Forwarded bool
	}
	for _, tc := range []struct {
		name string
		sc   scenario
		want got
	}{
		{"forwarded TERM", scenario{script: noTrapScript, sig: unix.SIGTERM}, got{143, true}},
		{"CMD raised TERM", scenario{script: "kill -TERM $$"}, got{143, false}},
		{"CMD exit 143", scenario{script: "exit 143"}, got{143, false}},
		{"CMD exit 3", scenario{script: "exit 3"}, got{3, false}},
	} {
		for _, ns := range []bool{true, false} {
			name := tc.name + map[bool]string{true: " as PID 1", false: " as subreaper"}[ns]
			t.Run(name, func(t *testing.T) {
				_, res := tc.sc.run(t, ns, sysprimsEntry(bin, "--verbose"))
				g := got{res.Code, strings.Contains(res.Stderr, "forwarded SIGTERM")}
				if diff := cmp.Diff(tc.want, g); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
				}
			})
		}
	}
	t.Run("sysprims' own failure", func(t *testing.T) {
		res := runCmd(t, t.TempDir(), nil, filepath.Join(bin, "sysprims"), "init", "--grace", "-1s", "--", "true")
		if res.Code != 1 {
			t.Errorf("exit %d, want 1; stderr %q", res.Code, res.Stderr)
		}
	})
}
