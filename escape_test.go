//go:build linux

package main

// Processes that left CMD's process group (issue 12.1, 12.2): a setsid'd
// child, a job-control background job and a double-forking daemon get the
// TERM when CMD exits and when sysprims is told to stop, as PID 1, as a
// subreaper and under runc, side by side with tini and dumb-init, which
// leave them; sysprims waits for them before it exits, and its own TERM
// starts the one grace period.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// escapeeScript is one escapee: `sh escapee.sh NAME DIR` notes NAME and
// its process group in DIR/ready, and NAME in DIR/log when it gets TERM,
// then exits.
const escapeeScript = `trap 'echo "$1" >> "$2/log"; exit 0' TERM
echo "$1 $(cut -d' ' -f5 /proc/$$/stat)" >> $2/ready
while :; do sleep 0.05; done
`

// escapesScript is CMD: it starts the three shapes of escapee the issue
// names, `setsid sleep &`, `set -m; sleep &` (bash: dash and busybox turn
// job control off without a terminal) and a double-forking daemon, waits
// until each has noted its group, notes its own in $1/cmdpgrp, touches
// $1/started, and exits 0; with $2 = stop it waits for a TERM instead.
const escapesScript = `d=$1
[ "$2" = stop ] && trap 'exit 0' TERM
setsid sh $d/escapee.sh setsid $d &
bash -c 'set -m; sh "$0"/escapee.sh jobcontrol "$0" &' $d
(setsid sh -c 'sh "$0"/escapee.sh daemon "$0" &' $d &)
while [ "$(cat $d/ready 2>/dev/null | wc -l)" != 3 ]; do sleep 0.01; done
cut -d' ' -f5 /proc/$$/stat > $d/cmdpgrp.tmp && mv $d/cmdpgrp.tmp $d/cmdpgrp
touch $d/started
if [ "$2" = stop ]; then while :; do sleep 0.05; done; fi
`

// writeEscapes writes escapee.sh and cmd.sh into dir.
func writeEscapes(t *testing.T, dir string) {
	t.Helper()
	for name, text := range map[string]string{"escapee.sh": escapeeScript, "cmd.sh": escapesScript} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// escapedOutcome is what the escapees went through.
type escapedOutcome struct {
	Code     int
	TERM     []string // the escapees that got a TERM, sorted
	Survived bool     // some escapee still ran after the entry point exited
}

// checkEscaped fails the test unless each escapee left CMD's process
// group: otherwise the test would prove nothing about escapes.
func checkEscaped(t *testing.T, dir string) {
	t.Helper()
	cmdPgrp := strings.TrimSpace(fileText(t, filepath.Join(dir, "cmdpgrp")))
	for _, l := range sortedLines(fileText(t, filepath.Join(dir, "ready"))) {
		if f := strings.Fields(l); len(f) != 2 || f[1] == cmdPgrp {
			t.Fatalf("escapee %q did not leave CMD's process group %s", l, cmdPgrp)
		}
	}
}

// Side by side with tini and dumb-init, as PID 1 and not (sysprims a
// subreaper by default, tini -s, dumb-init without one): only sysprims
// sends the escapees TERM, on CMD's exit and on its own TERM, and waits
// for them. tini and dumb-init exit beside them: as PID 1 the kernel then
// kills them with SIGKILL (no TERM, no chance to clean up); otherwise they
// keep running after their init has gone.
func TestInitEscapesGetTERM(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	every := []string{"daemon", "jobcontrol", "setsid"}
	for _, mode := range []struct {
		name   string
		ns     bool
		others []string
	}{
		{"PID 1", true, []string{"tini", "dumb-init"}},
		{"subreaper", false, []string{"tini -s", "dumb-init"}},
	} {
		for _, e := range entries(t, bin, []string{"--grace", "30s"}, mode.others...) {
			for _, stopped := range []bool{false, true} {
				name := mode.name + ", " + e.name + ", CMD exits"
				if stopped {
					name = mode.name + ", " + e.name + ", stopped by TERM"
				}
				t.Run(name, func(t *testing.T) {
					env, live := withToken(t)
					t.Cleanup(func() {
						for _, pid := range live() {
							_ = unix.Kill(pid, unix.SIGKILL)
						}
					})
					dir := t.TempDir()
					writeEscapes(t, dir)
					argv := append(append([]string{}, e.argv...), "sh", filepath.Join(dir, "cmd.sh"), dir)
					if stopped {
						argv = append(argv, "stop")
					}
					p := startInit(t, mode.ns, append(os.Environ(), env...), argv...)
					waitUntil(t, "the escapees to start", p.ended, func() bool { return exists(filepath.Join(dir, "started")) })
					checkEscaped(t, dir)
					if stopped {
						p.signal(t, unix.SIGTERM)
					}
					res := p.wait(t)
					got := escapedOutcome{res.Code, sortedLines(fileText(t, filepath.Join(dir, "log"))), len(live()) > 0}
					want := escapedOutcome{}
					switch {
					case strings.HasPrefix(e.name, "sysprims"):
						want.TERM = every
					case !mode.ns:
						want.Survived = true
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
					}
				})
			}
		}
	}
}

// stopScript is a CMD that notes the TERM it gets in $1/out and then, with
// $2 = never, goes on running, or exits 0; beside it runs an escapee (a
// daemon: setsid, and its parent gone, so that sysprims reaps it) that
// ignores TERM. Both write their PIDs, and $1/ready
// says that the test may send TERM.
const stopScript = `d=$1
(setsid sh -c 'trap "" TERM; echo $$ > $0/escapee.tmp; mv $0/escapee.tmp $0/escapee; while :; do sleep 0.05; done' $d &)
if [ "$2" = never ]; then trap 'echo cmd-term >> $d/out' TERM; else trap 'echo cmd-term >> $d/out; exit 0' TERM; fi
echo $$ > $d/cmd
while [ ! -e $d/escapee ]; do sleep 0.01; done
touch $d/ready
while :; do sleep 0.05; done
`

// On its own TERM (docker stop) sysprims forwards it and gives CMD and
// the cleanup one --grace in all, counted from that TERM: a CMD that
// never exits is killed when it is over, with the escapee that ignores
// TERM, and one that exits leaves its leftovers only what remains of it.
// Before, sysprims waited for CMD forever, then started a fresh grace.
func TestInitStopWithinGrace(t *testing.T) {
	// Not parallel: short grace periods leave little room for a loaded machine.
	sp := filepath.Join(binDir(t), "sysprims")
	for _, tc := range []struct {
		name  string
		ns    bool
		never bool // CMD ignores the TERM (it only notes it)
		grace string
		code  int
		timed bool // the TERM starts the grace period (not with --grace 0)
	}{
		{"PID 1, CMD never exits", true, true, "300ms", 137, true},
		{"subreaper, CMD never exits", false, true, "300ms", 137, true},
		{"PID 1, CMD exits", true, false, "1s", 0, true},
		{"subreaper, CMD exits", false, false, "1s", 0, true},
		// --grace 0 kills leftovers at once, but never CMD for its TERM:
		// it would have no time at all to act on it.
		{"PID 1, --grace 0, CMD exits", true, false, "0s", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "cmd.sh"), []byte(stopScript), 0o644); err != nil {
				t.Fatal(err)
			}
			mode := "exits"
			if tc.never {
				mode = "never"
			}
			env, live := withToken(t)
			p := startInit(t, tc.ns, append(os.Environ(), env...),
				sp, "init", "--verbose", "--grace", tc.grace, "--", "sh", filepath.Join(dir, "cmd.sh"), dir, mode)
			p.awaitReady(t, tc.name, dir)
			p.signal(t, unix.SIGTERM)
			res := p.wait(t)
			cmdPID := strings.TrimSpace(fileText(t, filepath.Join(dir, "cmd")))
			escapee := strings.TrimSpace(fileText(t, filepath.Join(dir, "escapee")))
			type got struct {
				Code    int
				Out     []string
				Killed  []string // "killed after the grace period" lines for CMD and the escapee
				Reaped  bool     // sysprims reaped the escapee, killed
				Started bool     // the grace period started with the TERM
			}
			g := got{
				Code:    res.Code,
				Out:     sortedLines(fileText(t, filepath.Join(dir, "out"))),
				Reaped:  strings.Contains(res.Stderr, "reaped pid "+escapee+": signal: killed\n"),
				Started: strings.Contains(res.Stderr, "SIGTERM received: the grace period ("+tc.grace+") starts now\n"),
			}
			for _, pid := range []string{cmdPID, escapee} {
				if l := "killed after the grace period: pid " + pid + " (sh)"; strings.Contains(res.Stderr, l+"\n") {
					g.Killed = append(g.Killed, l)
				}
			}
			want := got{Code: tc.code, Out: []string{"cmd-term"}, Reaped: true, Started: tc.timed,
				Killed: []string{"killed after the grace period: pid " + escapee + " (sh)"}}
			if tc.never {
				want.Killed = append([]string{"killed after the grace period: pid " + cmdPID + " (sh)"}, want.Killed...)
			}
			if diff := cmp.Diff(want, g); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
			if !tc.never && tc.timed {
				// CMD exited within the grace period: its leftovers get what
				// remains of it, not a fresh one.
				m := regexp.MustCompile(`SIGKILL in (\S+), at the end of the grace period that began with the SIGTERM received`).FindStringSubmatch(res.Stderr)
				grace, _ := time.ParseDuration(tc.grace)
				if m == nil {
					t.Errorf("no remaining grace period logged at CMD's exit; stderr: %q", res.Stderr)
				} else if left, err := time.ParseDuration(m[1]); err != nil || left >= grace {
					t.Errorf("leftovers got %s (%v) of the grace period, want less than the whole %v", m[1], err, grace)
				}
			}
			// sysprims waited for the end of all of it (as PID 1 nothing is
			// left for the kernel's SIGKILL), and nothing of CMD's outlives it.
			if strings.Contains(res.Stderr, "giving up") {
				t.Errorf("sysprims gave up waiting: %q", res.Stderr)
			}
			if pids := live(); len(pids) != 0 {
				t.Errorf("processes of CMD alive after sysprims exited: %v", pids)
			}
		})
	}
}

// reportScript leaves three processes behind when CMD exits 3: polite (a
// copy of sleep) in CMD's group, which TERM ends; stubborn, in the group,
// and escapee, a setsid child, which ignore TERM until KILL. Each PID is
// in $1/NAME.pid; CMD exits once each runs under its own name.
const reportScript = `d=$1
for n in polite stubborn escapee; do cp "$(command -v sleep)" $d/$n; done
sh -c 'trap "" TERM; exec $0/stubborn 1000' $d & echo $! > $d/stubborn.pid
$d/polite 1000 & echo $! > $d/polite.pid
setsid sh -c 'trap "" TERM; exec $0/escapee 1000' $d & echo $! > $d/escapee.pid
for n in polite stubborn escapee; do
	while [ "$(cat /proc/$(cat $d/$n.pid)/comm)" != $n ]; do sleep 0.01; done
done
exit 3
`

// --verbose names each process still running when CMD exited and each
// that got KILL after the grace period (issue 12.2). Without a subreaper
// the escapee is re-parented away: it is neither found nor signalled.
func TestInitCleanupReport(t *testing.T) {
	// Not parallel: a 1s grace period leaves little room for a loaded machine.
	bin := binDir(t)
	for _, tc := range []struct {
		name    string
		ns      bool
		flags   []string
		escapee bool // sysprims finds the escapee
	}{
		{"PID 1", true, nil, true},
		{"subreaper", false, nil, true},
		{"plain child", false, []string{"--no-subreaper", "--quiet"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := sysprimsEntry(bin, append([]string{"--verbose", "--grace", "1s"}, tc.flags...)...)
			p, dir := scenario{script: reportScript}.start(t, tc.ns, e)
			res := p.wait(t)
			pid := map[string]string{}
			for _, n := range []string{"polite", "stubborn", "escapee"} {
				pid[n] = strings.TrimSpace(fileText(t, filepath.Join(dir, n+".pid")))
			}
			if !tc.escapee {
				if n, _ := strconv.Atoi(pid["escapee"]); n > 0 {
					unix.Kill(n, unix.SIGKILL)
				}
			}
			var got []string
			for _, l := range strings.Split(res.Stderr, "\n") {
				if strings.HasPrefix(l, "sysprims: still running") || strings.HasPrefix(l, "sysprims: killed after") {
					got = append(got, l)
				}
			}
			sort.Strings(got)
			line := func(what, name string) string {
				return fmt.Sprintf("sysprims: %s: pid %s (%s)", what, pid[name], name)
			}
			want := []string{line("killed after the grace period", "stubborn"),
				line("still running when the command exited", "polite"),
				line("still running when the command exited", "stubborn")}
			if tc.escapee {
				want = append(want, line("killed after the grace period", "escapee"),
					line("still running when the command exited", "escapee"))
			}
			sort.Strings(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
			if res.Code != 3 {
				t.Errorf("exit %d, want CMD's 3; stderr %q", res.Code, res.Stderr)
			}
		})
	}
}

// treeScript: CMD and an escapee (a setsid child) note each HUP, QUIT,
// USR1 and USR2 they get, CMD in $1/cmdout, the escapee in $1/out; the
// escapee ends on TERM. CMD exits 0 once $1/release exists. (setsid -f:
// a job started with & would have INT and QUIT ignored, for good.)
const treeScript = `d=$1
setsid -f sh -c 'd=$0
for s in HUP QUIT USR1 USR2; do trap "echo $s >> $d/out" $s; done
trap "echo TERM >> $d/out; exit 0" TERM
touch $d/escapee
while :; do sleep 0.05; done' $d
for s in HUP QUIT USR1 USR2; do trap "echo $s >> $d/cmdout" $s; done
while [ ! -e $d/escapee ]; do sleep 0.01; done
touch $d/ready
while [ ! -e $d/release ]; do sleep 0.05; done
`

// --tree-signals chooses which forwarded signals reach the escapee
// (default TERM, INT, QUIT); the cleanup's TERM reaches it whatever the
// list. CMD gets every signal, as always.
func TestInitTreeSignals(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	for _, tc := range []struct {
		name  string
		ns    bool
		flags []string
		env   []string
		want  []string
	}{
		{"default", true, nil, nil, []string{"QUIT", "TERM"}},
		{"--tree-signals USR1,USR2", true, []string{"--tree-signals", "USR1,USR2"}, nil, []string{"TERM", "USR1", "USR2"}},
		{"repeated", true, []string{"--tree-signals", "sighup", "--tree-signals", "12"}, nil, []string{"HUP", "TERM", "USR2"}},
		{"SYSPRIMS_TREE_SIGNALS=HUP", true, nil, []string{"SYSPRIMS_TREE_SIGNALS=HUP"}, []string{"HUP", "TERM"}},
		{"none", true, []string{"--tree-signals", "none"}, nil, []string{"TERM"}},
		{"subreaper, USR1", false, []string{"--tree-signals", "USR1"}, nil, []string{"TERM", "USR1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario{script: treeScript, env: tc.env}
			p, dir := sc.start(t, tc.ns, sysprimsEntry(bin, append([]string{"--verbose"}, tc.flags...)...))
			p.awaitReady(t, tc.name, dir)
			// In ascending order: a shell runs pending traps by signal
			// number, so the escapee has noted what it got before the
			// cleanup's TERM ends it.
			for _, sig := range []syscall.Signal{unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2} {
				p.signal(t, sig)
			}
			// CMD got all four: sysprims has forwarded them all.
			waitUntil(t, "CMD to note four signals", p.ended, func() bool {
				return len(sortedLines(fileText(t, filepath.Join(dir, "cmdout")))) == 4
			})
			if err := os.WriteFile(filepath.Join(dir, "release"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			res := p.wait(t)
			if diff := cmp.Diff(tc.want, sortedLines(fileText(t, filepath.Join(dir, "out")))); diff != "" {
				t.Errorf("signals the escapee got (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
			if res.Code != 0 {
				t.Errorf("exit %d, want 0; stderr %q", res.Code, res.Stderr)
			}
		})
	}
}

// addDynamic copies the program at path into the bundle's rootfs as
// /usr/bin/NAME, with the shared libraries ldd names at their own paths.
func addDynamic(t *testing.T, bundle, path string) {
	t.Helper()
	root := filepath.Join(bundle, "rootfs")
	cp := func(src, dst string) { copyExec(t, src, root, dst, 0o755) }
	cp(path, filepath.Join("usr/bin", filepath.Base(path)))
	out, err := exec.Command("ldd", path).Output()
	if err != nil {
		t.Fatalf("ldd %s: %v", path, err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		for _, f := range strings.Fields(l) {
			if strings.HasPrefix(f, "/") {
				cp(f, f) // the library, or the loader by the name the program asks for
			}
		}
	}
}

// Under runc, with a busybox rootfs (bash and dumb-init added with their
// libraries): the three shapes of escapee get TERM from sysprims when CMD
// exits and on `runc kill TERM`; under tini and dumb-init they get none
// (the kernel kills them with SIGKILL when their init exits).
func TestInitEscapesUnderRunc(t *testing.T) {
	t.Parallel()
	runc, sysprims := runcPrerequisites(t)
	bash := needTool(t, "bash", "for a job-control escapee")
	type entryIn struct {
		name string
		argv []string // inside the container
	}
	es := []entryIn{{"sysprims", []string{"/usr/bin/sysprims", "init", "--grace", "30s", "--"}}}
	if _, err := exec.LookPath("tini-static"); err == nil {
		es = append(es, entryIn{"tini", []string{"/usr/bin/tini", "--"}})
	} else {
		requirement(t, "tini-static, for the side-by-side case under runc")
	}
	dumbInit, err := exec.LookPath("dumb-init")
	if err == nil {
		es = append(es, entryIn{"dumb-init", []string{"/usr/bin/dumb-init", "--"}})
	} else if os.Getenv("CI") == "true" {
		requirement(t, "dumb-init, for side-by-side cases")
	}
	for _, e := range es {
		for _, stopped := range []bool{false, true} {
			name := e.name + ", CMD exits"
			if stopped {
				name = e.name + ", runc kill TERM"
			}
			t.Run(name, func(t *testing.T) {
				args := append(append([]string{}, e.argv...), "/bin/sh", "/tmp/t/cmd.sh", "/tmp/t")
				if stopped {
					args = append(args, "stop")
				}
				bundle := runcBundle(t, runc, sysprims, args)
				addDynamic(t, bundle, bash)
				if dumbInit != "" {
					addDynamic(t, bundle, dumbInit)
				}
				dir := filepath.Join(bundle, "rootfs", "tmp", "t")
				if err := os.MkdirAll(dir, 0o777); err != nil {
					t.Fatal(err)
				}
				writeEscapes(t, dir)
				c := startRunc(t, runc, bundle, "sysprims-escape-test")
				out := c.Out
				waitUntil(t, "the escapees to start", c.ended, func() bool { return exists(filepath.Join(dir, "started")) })
				checkEscaped(t, dir)
				if stopped {
					c.kill(t, "TERM")
				}
				err = c.wait(t)
				got := escapedOutcome{Code: exitCode(t, err), TERM: sortedLines(fileText(t, filepath.Join(dir, "log")))}
				want := escapedOutcome{}
				if e.name == "sysprims" {
					want.TERM = []string{"daemon", "jobcontrol", "setsid"}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s\noutput: %q", diff, readBack(t, out))
				}
			})
		}
	}
}

// cgroupScript is CMD under runc: it notes its cgroup v2 and PID 1's
// (once PID 1 has left CMD's, or after 5 s),
// starts a daemon that ignores TERM, notes the TERM it gets itself, and
// never exits.
const cgroupScript = `d=$1
(setsid sh -c 'trap "" TERM; echo $$ > $0/escapee.tmp; mv $0/escapee.tmp $0/escapee; while :; do sleep 0.05; done' $d &)
grep '^0::' /proc/self/cgroup > $d/cmdcg
# sysprims leaves the cgroup once CMD has started: give it a moment.
i=0; while [ $i -lt 500 ] && grep -q '^0::/sysprims-cmd$' /proc/1/cgroup; do sleep 0.01; i=$((i+1)); done
grep '^0::' /proc/1/cgroup > $d/initcg
trap 'echo cmd-term >> $d/out' TERM
while [ ! -e $d/escapee ]; do sleep 0.01; done
touch $d/started
while :; do sleep 0.05; done
`

// cgroupBundle gives the bundle a cgroup namespace and a writable cgroup2
// mount: the container's own cgroup v2, as docker gives it with
// --cgroupns=private and a writable /sys/fs/cgroup. It returns where the
// mount is inside the container.
func cgroupBundle(t *testing.T, bundle string) string {
	t.Helper()
	var statfs unix.Statfs_t
	inside := ""
	switch {
	case unix.Statfs("/sys/fs/cgroup", &statfs) == nil && statfs.Type == unix.CGROUP2_SUPER_MAGIC:
		inside = "/sys/fs/cgroup" // cgroup v2 only
	case unix.Statfs("/sys/fs/cgroup/unified", &statfs) == nil && statfs.Type == unix.CGROUP2_SUPER_MAGIC:
		inside = "/sys/fs/cgroup/unified" // hybrid: v1 controllers, v2 beside them
	default:
		requirement(t, "a cgroup2 hierarchy")
	}
	editRuncConfig(t, bundle, func(cfg map[string]any) {
		linux := cfg["linux"].(map[string]any)
		linux["namespaces"] = append(linux["namespaces"].([]any), map[string]any{"type": "cgroup"})
		var mounts []any
		for _, m := range cfg["mounts"].([]any) {
			if m.(map[string]any)["destination"] != inside {
				mounts = append(mounts, m)
			}
		}
		cfg["mounts"] = append(mounts, map[string]any{"destination": inside, "type": "cgroup2", "source": "cgroup2",
			"options": []string{"nosuid", "noexec", "nodev", "rw"}})
	})
	return inside
}

// As PID 1 of a container whose cgroup v2 is its own and writable,
// sysprims puts CMD's tree in a child cgroup and stays outside it; at the
// end of the grace period cgroup.kill ends the tree. --no-cgroup opts out.
// A stranger (runc exec) moved into that cgroup is never killed: then
// cgroup.kill is not used, and the walk of the tree does the work.
func TestInitCgroupUnderRunc(t *testing.T) {
	t.Parallel()
	runc, sysprims := runcPrerequisites(t)
	type outcome struct {
		Code     int
		CMD      string // CMD's cgroup v2
		Init     string // sysprims'
		Out      []string
		CgroupKL bool // cgroup.kill used
		Refused  bool // cgroup.kill refused: a stranger was in the cgroup
		GaveUp   bool
	}
	for _, tc := range []struct {
		name     string
		flags    []string
		env      string
		stranger bool
		want     outcome
	}{
		{"own cgroup", nil, "", false, outcome{137, "0::/sysprims-cmd", "0::/", []string{"cmd-term"}, true, false, false}},
		{"--no-cgroup", []string{"--no-cgroup"}, "", false, outcome{137, "0::/", "0::/", []string{"cmd-term"}, false, false, false}},
		{"SYSPRIMS_NO_CGROUP=1", nil, "SYSPRIMS_NO_CGROUP=1", false, outcome{137, "0::/", "0::/", []string{"cmd-term"}, false, false, false}},
		{"stranger in the cgroup", nil, "", true, outcome{137, "0::/sysprims-cmd", "0::/", []string{"cmd-term"}, false, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"/usr/bin/sysprims", "init", "--verbose", "--grace", "300ms"}, tc.flags...)
			args = append(args, "--", "/bin/sh", "/tmp/t/cmd.sh", "/tmp/t")
			if tc.env != "" {
				args = append([]string{"/bin/env", tc.env}, args...) // env execs: sysprims is still PID 1
			}
			bundle := runcBundle(t, runc, sysprims, args)
			mnt := cgroupBundle(t, bundle)
			dir := filepath.Join(bundle, "rootfs", "tmp", "t")
			if err := os.MkdirAll(dir, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "cmd.sh"), []byte(cgroupScript), 0o644); err != nil {
				t.Fatal(err)
			}
			c := startRunc(t, runc, bundle, "sysprims-cgroup-test")
			waitUntil(t, "CMD to start", c.ended, func() bool { return exists(filepath.Join(dir, "started")) })
			if tc.stranger {
				script := "echo $$ > " + mnt + "/sysprims-cmd/cgroup.procs && touch /tmp/t/stranger && exec sleep 1000"
				// No pipes: the detached stranger would hold them open.
				if err := exec.Command(runc, "exec", "--detach", c.ID, "/bin/sh", "-c", script).Run(); err != nil {
					t.Fatalf("runc exec: %v", err)
				}
				waitUntil(t, "the stranger to join the cgroup", c.ended, func() bool { return exists(filepath.Join(dir, "stranger")) })
			}
			c.kill(t, "TERM")
			code := exitCode(t, c.wait(t))
			log := readBack(t, c.Out)
			got := outcome{
				Code:     code,
				CMD:      strings.TrimSpace(fileText(t, filepath.Join(dir, "cmdcg"))),
				Init:     strings.TrimSpace(fileText(t, filepath.Join(dir, "initcg"))),
				Out:      sortedLines(fileText(t, filepath.Join(dir, "out"))),
				CgroupKL: strings.Contains(log, "(cgroup.kill)\n"),
				Refused:  strings.Contains(log, "does not descend from sysprims\n"),
				GaveUp:   strings.Contains(log, "giving up"),
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\noutput: %q", diff, log)
			}
		})
	}
}
