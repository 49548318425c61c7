//go:build linux

package main

// What the command inherits from a caller that ignores signals, and how a
// waiting sysprims treats the signals it cannot catch or only rewrites:
// issues found by running other inits' scenarios against sysprims.

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
	"golang.org/x/sys/unix"
)

func init() { testHelpers["exec-as-subreaper"] = execAsSubreaper }

// execAsSubreaper makes itself a child subreaper and execs args, as a
// supervisor that starts sysprims might.
func execAsSubreaper(args []string) int {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "exec-as-subreaper:", err)
		return 1
	}
	err := unix.Exec(args[0], args, os.Environ())
	fmt.Fprintln(os.Stderr, "exec-as-subreaper:", err)
	return 1
}

// sigIgnOf runs argv from a shell that first ignores the signals in trap,
// and returns the SigIgn line the command (grep, reading its own status)
// printed on stdout.
func sigIgnOf(t *testing.T, trap string, argv ...string) string {
	t.Helper()
	script := `trap '' ` + trap + `; exec "$@"`
	if trap == "" {
		script = `exec "$@"`
	}
	args := append([]string{"sh", "-c", script, "sh"}, argv...)
	args = append(args, "grep", "^SigIgn:", "/proc/self/status")
	res := runCmd(t, t.TempDir(), nil, args...)
	if res.Code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", argv, res.Code, res.Stderr)
	}
	return strings.Join(strings.Fields(res.Stdout), " ")
}

func sigMask(sigs ...syscall.Signal) string {
	var m uint64
	for _, s := range sigs {
		m |= 1 << (s - 1)
	}
	return fmt.Sprintf("SigIgn: %016x", m)
}

// TestCommandKeepsIgnoredSignals: a signal the caller ignores (every
// `cmd &` of a script ignores SIGINT) is ignored in the command too, in
// every mode and every time: the waiting parent does not catch it, so the
// stage cannot inherit a handler one run and SIG_IGN the next. The set
// that can be kept is exactly HUP, INT, CONT, TSTP, TTIN and TTOU: the Go
// runtime replaces any other inherited SIG_IGN with its handler at start.
func TestCommandKeepsIgnoredSignals(t *testing.T) {
	// Not parallel: it repeats a run to catch a race, and was tuned on an
	// otherwise quiet machine.
	sp := filepath.Join(binDir(t), "sysprims")
	modes := []struct {
		name   string
		argv   []string
		always []syscall.Signal // ignored whatever the caller does
	}{
		{"setsid --wait", []string{sp, "setsid", "--wait", "--"}, nil},
		{"nohup --wait", []string{sp, "nohup", "--wait", "--output", "/dev/stdout", "--"}, []syscall.Signal{unix.SIGHUP}},
		{"init", []string{sp, "init", "--quiet", "--"}, nil},
	}
	keepable := []syscall.Signal{unix.SIGHUP, unix.SIGINT, unix.SIGCONT, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU}
	cases := []struct {
		trap string
		want []syscall.Signal
	}{
		{"", nil},
		{"INT", []syscall.Signal{unix.SIGINT}},
		{"INT QUIT", []syscall.Signal{unix.SIGINT}}, // a background job of sh
		{"HUP INT QUIT TERM USR1 USR2 PIPE ALRM CONT TSTP TTIN TTOU WINCH PROF", keepable},
	}
	for _, m := range modes {
		for _, c := range cases {
			t.Run(m.name+"/trap "+c.trap, func(t *testing.T) {
				want := sigMask(append(c.want, m.always...)...)
				// The race this guards against gave the command a
				// handled SIGINT in 8 runs of 60: repeat that case.
				runs := 1
				if c.trap == "INT" {
					runs = 15
				}
				for i := 0; i < runs; i++ {
					if diff := cmp.Diff(want, sigIgnOf(t, c.trap, m.argv...)); diff != "" {
						t.Fatalf("run %d: command's SigIgn mismatch (-want +got):\n%s", i, diff)
					}
				}
			})
		}
	}
}

// TestIgnoredSignalsSideBySide: for the background-job case, util-linux
// setsid -w and tini give the command the same SIGINT as sysprims does;
// dumb-init resets it (logged, not compared).
func TestIgnoredSignalsSideBySide(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	want := sigIgnOf(t, "INT", sp, "setsid", "--wait", "--")
	if diff := cmp.Diff(sigMask(unix.SIGINT), want); diff != "" {
		t.Fatalf("sysprims setsid --wait mismatch (-want +got):\n%s", diff)
	}
	others := [][]string{{"/usr/bin/setsid", "-f", "-w"}, {needTool(t, "tini", "for side-by-side cases"), "-s", "--"}}
	for _, argv := range others {
		if diff := cmp.Diff(want, sigIgnOf(t, "INT", argv...)); diff != "" {
			t.Errorf("%v differs from sysprims (-sysprims +%s):\n%s", argv, argv[0], diff)
		}
	}
	if di, err := exec.LookPath("dumb-init"); err == nil {
		t.Logf("dumb-init: %s", sigIgnOf(t, "INT", di, "--"))
	}
}

// TestInitTerminalHandOffLeavesNoIgnoredSignal: as the leader of the
// terminal's session (docker run -it), sysprims ignores the SIGHUP and
// SIGCONT its TIOCNOTTY causes, but the command must not inherit that:
// SigIgn 0, as with tini and dumb-init.
func TestInitTerminalHandOffLeavesNoIgnoredSignal(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	probe := " grep ^SigIgn: /proc/self/status"
	want := "SigIgn: 0000000000000000"
	entries := []string{sp + " init --quiet --"}
	for _, tool := range []string{"tini -s", "dumb-init"} {
		name, flags, _ := strings.Cut(tool, " ")
		p := needTool(t, name, "for side-by-side cases")
		entries = append(entries, strings.TrimSpace(p+" "+flags)+" --")
	}
	for _, e := range entries {
		// exec: the entry point itself must lead the terminal's session.
		code, out := onTerminal(t, t.TempDir(), os.Environ(), "exec "+e+probe)
		got := strings.Join(strings.Fields(out), " ")
		if code != 0 || got != want {
			t.Errorf("%s on a terminal: exit %d, %q; want exit 0, %q", e, code, got, want)
		}
	}
}

// TestInitNoticesInheritedSubreaper: a parent that made itself a child
// subreaper and exec'd sysprims handed that role on; sysprims must reap
// the orphans it gets and not warn that it cannot.
func TestInitNoticesInheritedSubreaper(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	self, _ := os.Executable()
	wrapper := filepath.Join(bin, "exec-as-subreaper")
	if err := os.Symlink(self, wrapper); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "orphan")
	// The orphan's parent exits at once; the orphan exits after writing
	// its PID. The command then waits for the orphan to be reaped (its
	// /proc entry gone) and exits 0, or 3 if it is still a zombie after
	// 1000 looks, since nobody reaps it.
	script := fmt.Sprintf(`(sh -c 'echo $$ >%[1]s.tmp; mv %[1]s.tmp %[1]s' &)
while [ ! -e %[1]s ]; do sleep 0.01; done
o=$(cat %[1]s); i=0
while [ -e /proc/$o ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
[ ! -e /proc/$o ] || exit 3`, pidFile)
	res := runCmd(t, dir, nil, wrapper, filepath.Join(bin, "sysprims"), "init", "--", "sh", "-c", script)
	if res.Code != 0 || res.Stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 (orphan reaped) and no warning", res.Code, res.Stderr)
	}
}

// TestInitSurvivesUncatchableSignals: SIGPROF and 34 (glibc's SIGRTMIN)
// cannot be caught by a Go program; sysprims must not die of them while
// it supervises, and still forward what it can.
func TestInitSurvivesUncatchableSignals(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	for _, sig := range []syscall.Signal{unix.SIGPROF, 34} {
		t.Run(strconv.Itoa(int(sig)), func(t *testing.T) {
			dir := t.TempDir()
			ready := filepath.Join(dir, "ready")
			p := startInit(t, false, nil, sp, "init", "--quiet", "--", "sh", "-c",
				": >"+ready+"; while :; do sleep 0.01; done")
			waitUntil(t, "the command to start", p.ended, func() bool { return exists(ready) })
			for i := 0; i < 3; i++ {
				p.signal(t, sig)
			}
			p.signal(t, unix.SIGTERM)
			if res := p.wait(t); res.Code != 128+int(unix.SIGTERM) {
				t.Errorf("after signal %d then TERM: exit %d, stderr %q; want %d (CMD killed by the forwarded TERM)",
					sig, res.Code, res.Stderr, 128+int(unix.SIGTERM))
			}
		})
	}
}

// TestInitJobControlOnReceivedSignal: whether sysprims stops itself is
// decided on the signal it received, before any --rewrite (dumb-init does
// the same): a TTIN rewritten as TERM still stops the job.
func TestInitJobControlOnReceivedSignal(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	p := startInit(t, false, nil, sp, "init", "--quiet", "--rewrite", "TTIN:TERM", "--", "sh", "-c",
		"trap '' TERM; : >"+ready+"; while :; do sleep 0.01; done")
	waitUntil(t, "the command to start", p.ended, func() bool { return exists(ready) })
	p.signal(t, unix.SIGTTIN)
	waitUntil(t, "sysprims to stop itself", p.ended, func() bool { return procState(p.pid) == 'T' })
	p.signal(t, unix.SIGCONT)
	waitUntil(t, "sysprims to resume", p.ended, func() bool { return procState(p.pid) != 'T' })
	p.signal(t, unix.SIGINT)
	if res := p.wait(t); res.Code != 128+int(unix.SIGINT) {
		t.Errorf("exit %d, stderr %q; want %d", res.Code, res.Stderr, 128+int(unix.SIGINT))
	}
}
