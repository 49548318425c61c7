//go:build linux

package main

// Tests of `sysprims init` as a container's PID 1: in a new PID namespace
// (unshare --pid --fork --mount-proc, root) and under runc, side by side
// with tini and dumb-init where they offer the same thing. Synchronisation
// is by files the scripts write and by polling with a generous bound;
// durations are logged, never asserted.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// --- PID 1 of a new PID namespace ---------------------------------------------

func TestInitExitCodePassthrough(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	es := entries(t, bin, nil, "tini", "dumb-init")
	for _, tc := range []struct {
		name, script string
		want         int
	}{
		{"success", "exit 0", 0},
		{"code 7", "exit 7", 7},
		{"killed by KILL", "kill -KILL $$", 137},
		{"killed by TERM", "kill -TERM $$", 143},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sideBySide(t, true, es, scenario{script: tc.script}, outcome{Code: tc.want})
		})
	}
}

// orphansScript makes $2 orphans (their parent, a subshell, exits at
// once) which exit immediately, then waits (bounded) until no zombie and
// no orphan is left and writes the number of zombies found in ps to out.
const orphansScript = `d=$1; n=$2
i=0
while [ $i -lt $n ]; do (sh -c 'exit 0' &); i=$((i+1)); done
i=0
while [ $i -lt 1200 ]; do
	[ "$(ps -eo stat= | grep -c '^Z')" = 0 ] && break
	sleep 0.05; i=$((i+1))
done
echo "zombies=$(ps -eo stat= | grep -c '^Z')" >> $d/out
`

func TestInitReapsOrphans(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	es := entries(t, bin, nil, "tini", "dumb-init")
	sc := scenario{script: strings.Replace(orphansScript, "n=$2", "n=20", 1)}
	sideBySide(t, true, es, sc, outcome{Out: []string{"zombies=0"}})
}

// burstScript makes $2 orphans blocked reading a FIFO, then closes the
// only writer so that they all exit at once, and reports whether any
// zombie was left and how long until none was (for information).
const burstScript = `d=$1; n=$2
mkfifo $d/fifo
exec 3<>$d/fifo
i=0
while [ $i -lt $n ]; do (cat $d/fifo >/dev/null 3>&- &); i=$((i+1)); done
# Every cat has the FIFO open (ours is the +1) before the writer goes.
i=0
while [ $i -lt 1200 ]; do
	[ "$(find /proc/[0-9]*/fd -lname $d/fifo 2>/dev/null | wc -l)" -gt $n ] && break
	sleep 0.05; i=$((i+1))
done
t0=$(date +%s%N)
exec 3>&-
i=0
while [ $i -lt 6000 ]; do
	s=$(ps -eo stat=,comm=)
	echo "$s" | grep -q -e '^Z' -e ' cat$' || break
	sleep 0.01; i=$((i+1))
done
t1=$(date +%s%N)
echo "zombies=$(ps -eo stat= | grep -c '^Z')" >> $d/out
echo $(( (t1 - t0) / 1000000 )) > $d/ms
`

func TestInitReapsThousandOrphansAtOnce(t *testing.T) {
	// Not parallel: starting 1,000 processes one by one on a loaded
	// machine comes near initBound even alone.
	if testing.Short() {
		t.Skip("1,000 processes: not in -short")
	}
	bin := binDir(t)
	sc := scenario{script: strings.Replace(burstScript, "n=$2", "n=1000", 1)}
	for _, e := range entries(t, bin, nil, "tini", "dumb-init") {
		p, dir := sc.start(t, true, e)
		res := p.wait(t)
		got := outcomeIn(t, dir, res)
		if diff := cmp.Diff(outcome{Out: []string{"zombies=0"}}, got); diff != "" {
			t.Errorf("%s: 1,000 orphans mismatch (-want +got):\n%s\nstderr: %q", e.name, diff, res.Stderr)
		}
		t.Logf("%s: 1,000 orphans exiting at once: none left after %s ms (measured by polling ps every 10 ms)",
			e.name, strings.TrimSpace(fileText(t, filepath.Join(dir, "ms"))))
	}
}

// trapScript traps TERM in CMD; the trap records it and exits 3.
const trapScript = `trap 'echo trapped >> $1/out; exit 3' TERM
touch $1/ready
while :; do sleep 0.05; done
`

func TestInitTermReachesTrap(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	es := entries(t, bin, nil, "tini", "dumb-init")
	t.Run("trap", func(t *testing.T) {
		sideBySide(t, true, es, scenario{script: trapScript, sig: unix.SIGTERM}, outcome{3, []string{"trapped"}})
	})
	t.Run("no trap exits 143", func(t *testing.T) {
		sideBySide(t, true, es, scenario{script: noTrapScript, sig: unix.SIGTERM}, outcome{Code: 143})
	})
}

// groupScript starts a grandchild in CMD's process group. Both trap USR1;
// CMD's trap then sends USR2 to the grandchild, which then ends. Signals
// sent to a group are queued on all members before kill(2) returns, so a
// grandchild reached by the forwarded USR1 has it pending before its USR2.
// The USR2 trap only sets a flag (no exit): dash may run it nested inside
// the USR1 trap, which must still get to record its line.
const groupScript = `d=$1
sh -c 'trap "echo grandchild-usr1 >> $0/out" USR1
	trap "echo grandchild-usr2 >> $0/out; done=1" USR2
	touch $0/gc.ready
	while [ -z "$done" ]; do sleep 0.05; done' "$d" &
gc=$!
trap 'echo cmd-usr1 >> $d/out; kill -USR2 $gc; wait $gc; exit 0' USR1
while [ ! -e $d/gc.ready ]; do sleep 0.01; done
touch $d/ready
while :; do sleep 0.05; done
`

func TestInitUSR1ReachesGroup(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sc := scenario{script: groupScript, sig: unix.SIGUSR1}
	t.Run("group", func(t *testing.T) {
		es := entries(t, bin, nil, "tini -g", "dumb-init")
		sideBySide(t, true, es, sc, outcome{Out: []string{"cmd-usr1", "grandchild-usr1", "grandchild-usr2"}})
	})
	t.Run("single child", func(t *testing.T) {
		want := outcome{Out: []string{"cmd-usr1", "grandchild-usr2"}}
		es := entries(t, bin, []string{"--single-child"}, "tini", "dumb-init --single-child")
		sideBySide(t, true, es, sc, want)
		fromEnvironment(t, bin, sc, "SYSPRIMS_SINGLE_CHILD=1", want)
	})
}

func TestInitRemapExit(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sc := scenario{script: noTrapScript, sig: unix.SIGTERM}
	es := entries(t, bin, []string{"--remap-exit", "143"}, "tini -e 143")
	sideBySide(t, true, es, sc, outcome{Code: 0})
	fromEnvironment(t, bin, sc, "SYSPRIMS_REMAP_EXIT=2,143", outcome{Code: 0})
	t.Run("other codes pass", func(t *testing.T) {
		got, _ := scenario{script: "exit 5"}.run(t, true, sysprimsEntry(bin, "--remap-exit", "143"))
		if diff := cmp.Diff(outcome{Code: 5}, got); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
}

// usr1Script exits 0 from a USR1 trap and records a TERM if one comes.
const usr1Script = `trap 'echo usr1 >> $1/out; exit 0' USR1
trap 'echo term >> $1/out' TERM
touch $1/ready
while :; do sleep 0.05; done
`

func TestInitRewrite(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sc := scenario{script: usr1Script, sig: unix.SIGTERM}
	want := outcome{Code: 0, Out: []string{"usr1"}}
	es := entries(t, bin, []string{"--rewrite", "TERM:USR1"}, "dumb-init --rewrite 15:10")
	es = append(es, sysprimsEntry(bin, "--rewrite", "15:10"))
	sideBySide(t, true, es, sc, want)
	fromEnvironment(t, bin, sc, "SYSPRIMS_REWRITE=INT:QUIT,SIGTERM:SIGUSR1", want)
	t.Run("to 0 drops", func(t *testing.T) {
		e := sysprimsEntry(bin, "--verbose", "--rewrite", "TERM:0")
		p, dir := scenario{script: usr1Script}.start(t, true, e)
		p.awaitReady(t, e.name, dir)
		p.signal(t, unix.SIGTERM)
		waitUntil(t, "the TERM to be dropped", p.ended, func() bool {
			return strings.Contains(readBack(t, p.errf), "dropped SIGTERM")
		})
		p.signal(t, unix.SIGUSR1)
		res := p.wait(t)
		got := outcomeIn(t, dir, res)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("TERM:0 mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
		}
	})
}

// leftoverScript leaves a background process in CMD's group that records
// TERM but keeps running, so only SIGKILL ends it; CMD exits 5. The
// process's environment carries a token, so the test can look for it.
const leftoverScript = `d=$1
sh -c 'trap "echo leftover-term >> $0/out" TERM
	echo $$ > $0/leftover
	while :; do sleep 0.05; done' "$d" &
while [ ! -e $d/leftover ]; do sleep 0.01; done
exit 5
`

func TestInitGraceCleanup(t *testing.T) {
	// Not parallel: a 300ms grace period leaves little room for a loaded machine.
	bin := binDir(t)
	for _, tc := range []struct {
		name  string
		ns    bool
		flags []string
	}{
		{"PID 1", true, nil},
		{"subreaper", false, []string{"--subreaper"}},
		{"plain child", false, []string{"--no-subreaper", "--quiet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, live := withToken(t)
			sc := scenario{script: leftoverScript, env: env}
			e := sysprimsEntry(bin, append([]string{"--verbose", "--grace", "300ms"}, tc.flags...)...)
			got, res := sc.run(t, tc.ns, e)
			// TERM first (recorded), then KILL after the grace period.
			if diff := cmp.Diff(outcome{5, []string{"leftover-term"}}, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
			if !strings.Contains(res.Stderr, "grace period over: sent SIGKILL") {
				t.Errorf("no SIGKILL after the grace period in stderr: %q", res.Stderr)
			}
			if tc.ns || slices.Contains(tc.flags, "--subreaper") {
				// sysprims reaped it itself.
				if !strings.Contains(res.Stderr, ": signal: killed\n") {
					t.Errorf("leftover not reaped by sysprims: %q", res.Stderr)
				}
			}
			// Waited for: nothing of CMD's is alive once sysprims has exited.
			if pids := live(); len(pids) != 0 {
				t.Errorf("processes of CMD alive after sysprims exited: %v", pids)
			}
		})
	}
}

// --- outside a namespace ------------------------------------------------------

// adoptScript makes an orphan that waits for $1/release, checks whether
// it was re-parented to sysprims (CMD's parent), releases it, and checks
// that it is then reaped, not left a zombie.
const adoptScript = `d=$1
(sh -c 'while [ ! -e $0/release ]; do sleep 0.01; done' $d & echo $! > $d/orphan)
o=$(cat $d/orphan)
p=$(sed 's/.*) . \([0-9]*\) .*/\1/' /proc/$o/stat)
touch $d/release
# Not adopted: whoever has it (the host's init, which may never reap) is not
# under test.
[ "$p" = "$PPID" ] || { echo adopted=no >> $d/out; exit 0; }
echo adopted=yes >> $d/out
i=0
while [ -e /proc/$o ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
[ -e /proc/$o ] && echo reaped=no >> $d/out || echo reaped=yes >> $d/out
`

func TestInitSubreaperAdoptsOrphans(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sc := scenario{script: adoptScript}
	got := map[string]outcome{}
	var res result
	got["--subreaper"], res = sc.run(t, false, sysprimsEntry(bin, "--subreaper"))
	t.Logf("--subreaper stderr: %q", res.Stderr)
	fromEnv := sc
	fromEnv.env = []string{"SYSPRIMS_SUBREAPER=1"}
	got["SYSPRIMS_SUBREAPER=1"], _ = fromEnv.run(t, false, sysprimsEntry(bin))
	if e, ok := otherEntry(t, "tini", "-s"); ok {
		got["tini -s"], _ = sc.run(t, false, e)
	}
	// The default since issue 12.3: a subreaper without asking.
	got["default"], res = sc.run(t, false, sysprimsEntry(bin))
	if res.Stderr != "" {
		t.Errorf("default: stderr %q, want no warning", res.Stderr)
	}
	// The control: without a subreaper the orphan goes elsewhere.
	got["--no-subreaper"], _ = sc.run(t, false, sysprimsEntry(bin, "--no-subreaper", "--quiet"))
	fromEnv = sc
	fromEnv.env = []string{"SYSPRIMS_NO_SUBREAPER=1", "SYSPRIMS_QUIET=1"}
	got["SYSPRIMS_NO_SUBREAPER=1"], _ = fromEnv.run(t, false, sysprimsEntry(bin))
	want := map[string]outcome{}
	for k := range got {
		want[k] = outcome{Out: []string{"adopted=yes", "reaped=yes"}}
	}
	want["--no-subreaper"] = outcome{Out: []string{"adopted=no"}}
	want["SYSPRIMS_NO_SUBREAPER=1"] = outcome{Out: []string{"adopted=no"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// A TERM that arrives while CMD is being started is queued and delivered:
// whatever the moment, sysprims ends with 143 and nothing CMD started
// survives it, not even without a subreaper, where a survivor would be
// re-parented away and live on.
func TestInitTermRightAfterStart(t *testing.T) {
	// Not parallel: the sweep over moments is meant for a quiet machine.
	bin := binDir(t)
	// Background processes in CMD's group, started as early as possible.
	script := "sleep 1000 & sleep 1000 & (sleep 1000 &); while :; do sleep 1; done\n"
	// Sweep the moment across sysprims' start-up (a few ms: runtime init,
	// catching signals, the stage, the exec), landing before, during and
	// after the start of CMD.
	var delays []time.Duration
	for d := time.Duration(0); d <= 10*time.Millisecond; d += 250 * time.Microsecond {
		delays = append(delays, d)
	}
	for i, d := range delays {
		env, live := withToken(t)
		p, _ := scenario{script: script, env: env}.start(t, false, sysprimsEntry(bin, "--no-subreaper", "--quiet", "--grace", "30s"))
		time.Sleep(d)
		p.signal(t, unix.SIGTERM)
		res := p.wait(t)
		if res.Code != 143 {
			t.Errorf("run %d (TERM after %v): exit %d, want 143; stderr %q", i, d, res.Code, res.Stderr)
		}
		// A stage still waiting at its gate when sysprims died gets SIGKILL
		// (its parent-death signal) and never runs CMD, but may still be
		// listed for a moment: give the dying time to finish. Survivors of
		// CMD's own (sleep 1000) would outlive any wait.
		pids := live()
		for deadline := time.Now().Add(5 * time.Second); len(pids) != 0 && time.Now().Before(deadline); pids = live() {
			time.Sleep(10 * time.Millisecond)
		}
		if len(pids) != 0 {
			t.Errorf("run %d (TERM after %v): orphans survive: %v", i, d, pids)
			for _, pid := range pids {
				_ = unix.Kill(pid, unix.SIGKILL)
			}
		}
	}
}

func TestInitWarnsWhenNotPID1(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	warning := "sysprims: warning: not running as PID 1 and not a subreaper"
	type got struct {
		Code     int
		Warnings int
		Stderr   bool
	}
	for _, tc := range []struct {
		name string
		env  []string
		argv []string
		want got
	}{
		// A subreaper by default (issue 12.3): nothing to warn about.
		{"plain", nil, []string{sp, "init", "--", "true"}, got{0, 0, false}},
		{"--subreaper", nil, []string{sp, "init", "--subreaper", "--", "true"}, got{0, 0, false}},
		{"--no-subreaper", nil, []string{sp, "init", "--no-subreaper", "--", "true"}, got{0, 1, true}},
		{"SYSPRIMS_NO_SUBREAPER=1", []string{"SYSPRIMS_NO_SUBREAPER=1"}, []string{sp, "init", "--", "true"}, got{0, 1, true}},
		{"--quiet", nil, []string{sp, "init", "--no-subreaper", "--quiet", "--", "true"}, got{0, 0, false}},
		{"SYSPRIMS_QUIET=1", []string{"SYSPRIMS_QUIET=1"}, []string{sp, "init", "--no-subreaper", "--", "true"}, got{0, 0, false}},
		{"exit code kept", nil, []string{sp, "init", "--no-subreaper", "--", "sh", "-c", "exit 9"}, got{9, 1, true}},
		{"both", nil, []string{sp, "init", "--subreaper", "--no-subreaper", "--", "true"}, got{1, 0, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runCmd(t, t.TempDir(), append(os.Environ(), tc.env...), tc.argv...)
			g := got{res.Code, strings.Count(res.Stderr, warning), res.Stderr != ""}
			if diff := cmp.Diff(tc.want, g); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nstderr: %q", diff, res.Stderr)
			}
		})
	}
	t.Run("PID 1", func(t *testing.T) {
		p := startInit(t, true, nil, sp, "init", "--", "true")
		res := p.wait(t)
		if diff := cmp.Diff(result{}, res); diff != "" {
			t.Errorf("as PID 1 (-want +got):\n%s", diff)
		}
	})
}

func TestInitEnvironmentAndUsage(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	sp := filepath.Join(bin, "sysprims")
	type got struct {
		Code   int
		Stderr string
	}
	for _, tc := range []struct {
		name string
		env  []string
		argv []string
		want got
	}{
		{"no command", nil, []string{"init"}, got{1, "sysprims: no command specified (try 'sysprims init --help')\n"}},
		{"bad rewrite", nil, []string{"init", "--rewrite", "TERM", "--", "true"},
			got{1, "sysprims: init: --rewrite: invalid rewrite \"TERM\": want FROM:TO, e.g. TERM:QUIT (try 'sysprims init --help')\n"}},
		{"bad signal", nil, []string{"init", "--pdeathsig", "NOPE", "--", "true"},
			got{1, "sysprims: init: --pdeathsig: unknown signal \"NOPE\" (try 'sysprims init --help')\n"}},
		{"bad remap", nil, []string{"init", "--remap-exit", "300", "--", "true"},
			got{1, "sysprims: init: --remap-exit: 300 is not an exit status (0-255) (try 'sysprims init --help')\n"}},
		{"negative grace", nil, []string{"init", "--grace", "-1s", "--", "true"},
			got{1, "sysprims: init: --grace must not be negative: -1s (try 'sysprims init --help')\n"}},
		{"tree signal not forwarded", nil, []string{"init", "--tree-signals", "TERM,KILL", "--", "true"},
			got{1, "sysprims: init: --tree-signals: SIGKILL cannot be caught (try 'sysprims init --help')\n"}},
		{"bad env tree signal", []string{"SYSPRIMS_TREE_SIGNALS=TERM,NOPE"}, []string{"init", "--", "true"},
			got{1, "sysprims: init: --tree-signals: unknown signal \"NOPE\" (try 'sysprims init --help')\n"}},
		{"tree signal CHLD", nil, []string{"init", "--tree-signals", "CHLD", "--", "true"},
			got{1, "sysprims: init: --tree-signals: SIGCHLD is not forwarded: it tells sysprims that a child has exited (try 'sysprims init --help')\n"}},
		{"bad env rewrite", []string{"SYSPRIMS_QUIET=1", "SYSPRIMS_REWRITE=TERM:NOPE"}, []string{"init", "--", "true"},
			got{1, "sysprims: init: --rewrite: invalid rewrite \"TERM:NOPE\": unknown signal \"NOPE\" (try 'sysprims init --help')\n"}},
		{"not found", []string{"SYSPRIMS_QUIET=1"}, []string{"init", "--", "/nonexistent"},
			got{127, "sysprims: failed to execute /nonexistent: no such file or directory\n"}},
		{"not executable", []string{"SYSPRIMS_QUIET=1"}, []string{"init", "--", "/etc/passwd"},
			got{126, "sysprims: failed to execute /etc/passwd: permission denied\n"}},
		{"verbose from env", []string{"SYSPRIMS_QUIET=1", "SYSPRIMS_VERBOSE=1", "SYSPRIMS_GRACE=0s"},
			[]string{"init", "--", "sh", "-c", "exit 4"},
			got{4, "sysprims: became a child subreaper: orphans of CMD's tree are re-parented to sysprims\n" +
				"sysprims: started sh as pid PID\nsysprims: command (pid PID) exited: exit status 4\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runCmd(t, t.TempDir(), append(os.Environ(), tc.env...), append([]string{sp}, tc.argv...)...)
			stderr := pidRE.ReplaceAllString(res.Stderr, "pid PID")
			if diff := cmp.Diff(tc.want, got{res.Code, stderr}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// pidRE matches "pid N" in --verbose messages.
var pidRE = regexp.MustCompile(`pid [0-9]+`)

// With --pdeathsig, CMD gets the signal when sysprims itself is killed.
func TestInitPdeathsig(t *testing.T) {
	t.Parallel()
	bin := binDir(t)
	for _, tc := range []struct {
		name string
		flag []string
		env  []string
	}{
		{"flag", []string{"--pdeathsig", "KILL"}, nil},
		{"environment", nil, []string{"SYSPRIMS_PDEATHSIG=SIGKILL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			e := sysprimsEntry(bin, append([]string{"--quiet"}, tc.flag...)...)
			p := startInit(t, false, append(os.Environ(), tc.env...),
				append(e.argv, "sh", "-c", `echo $$ > $0/cmd.tmp && mv $0/cmd.tmp $0/cmd && exec sleep 1000`, dir)...)
			cmdPID := p.awaitPIDFile(t, filepath.Join(dir, "cmd"))
			p.signal(t, unix.SIGKILL)
			p.wait(t)
			// CMD was re-parented; dead means gone or a zombie of its new parent.
			waitUntil(t, "CMD to die of its parent's death", nil, func() bool {
				s := procState(cmdPID)
				return s == 0 || s == 'Z'
			})
		})
	}
}

// setsid --wait uses the same machinery: it forwards any catchable signal
// (ALRM was not in the first, fixed list) to CMD's group.
func TestInitMachineryBehindSetsidWait(t *testing.T) {
	t.Parallel()
	e := entry{"setsid --wait", []string{filepath.Join(binDir(t), "sysprims"), "setsid", "--wait", "--"}}
	p, dir := scenario{script: "trap 'exit 9' ALRM\ntouch $1/ready\nwhile :; do sleep 0.05; done\n"}.start(t, false, e)
	p.awaitReady(t, e.name, dir)
	p.signal(t, unix.SIGALRM)
	if res := p.wait(t); res.Code != 9 {
		t.Errorf("setsid --wait with ALRM: exit %d, want 9; stderr %q", res.Code, res.Stderr)
	}
}

// --- under runc ---------------------------------------------------------------

// runcScript makes orphans that exit at once, waits until each has exited
// (it is then gone, or a zombie if nobody reaps it), says ready and waits
// for TERM, which it answers with exit 42.
const runcScript = `trap 'exit 42' TERM
i=0
while [ $i -lt 10 ]; do (sh -c 'exit 0' & echo $! >> /tmp/orphans); i=$((i+1)); done
for o in $(cat /tmp/orphans); do
	while [ -e /proc/$o ] && ! grep -q '^[^)]*) Z' /proc/$o/stat 2>/dev/null; do sleep 0.01; done
done
echo ready
while :; do sleep 0.05; done
`

func TestInitUnderRunc(t *testing.T) {
	t.Parallel()
	runc, sysprims := runcPrerequisites(t)

	type outcome struct {
		Zombies  []string // ps lines in state Z
		ExitCode int
	}
	run := func(t *testing.T, entry []string) outcome {
		args := append(entry, "/bin/sh", "-c", runcScript)
		bundle := runcBundle(t, runc, sysprims, args)
		c := startRunc(t, runc, bundle, "sysprims-init-test")
		waitUntil(t, "the container to be ready", c.ended, func() bool {
			return strings.Contains(readBack(t, c.Out), "ready\n")
		})
		ps, err := exec.Command(runc, "exec", c.ID, "ps", "-o", "pid,stat,comm").CombinedOutput()
		if err != nil {
			t.Fatalf("runc exec ps: %v\n%s", err, ps)
		}
		t.Logf("%v: runc exec ps:\n%s", entry, ps)
		var o outcome
		for _, l := range strings.Split(string(ps), "\n") {
			if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(f[1], "Z") {
				o.Zombies = append(o.Zombies, l)
			}
		}
		start := time.Now()
		c.kill(t, "TERM")
		err = c.wait(t)
		t.Logf("%v: container stopped %v after runc kill TERM", entry, time.Since(start).Round(time.Millisecond))
		o.ExitCode = exitCode(t, err)
		return o
	}
	want := outcome{ExitCode: 42}
	t.Run("sysprims", func(t *testing.T) {
		if diff := cmp.Diff(want, run(t, []string{"/usr/bin/sysprims", "init", "--"})); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("tini", func(t *testing.T) {
		needTool(t, "tini-static", "for the side-by-side case under runc")
		if diff := cmp.Diff(want, run(t, []string{"/usr/bin/tini", "--"})); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
}

// --- the terminal ---------------------------------------------------------------

// As the session leader that owns the terminal (PID 1 of `docker run -it`;
// here the program script(1) runs), sysprims hands the terminal to CMD, so
// that a shell as CMD has job control: CMD's group is the terminal's
// foreground group. Started from a shell that owns the terminal, it leaves
// the terminal alone.
func TestInitHandsTerminalToCMD(t *testing.T) {
	t.Parallel()
	sp := filepath.Join(binDir(t), "sysprims")
	probe := sp + ` init --quiet -- sh -c 'ps -o tty=,tpgid=,pgid= -p $$'`
	type got struct {
		HasTTY     bool
		Foreground bool
	}
	for _, tc := range []struct {
		name, cmd string
		want      got
	}{
		{"session leader", "exec " + probe, got{true, true}},
		{"under a shell", probe + "; true", got{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := onTerminal(t, t.TempDir(), os.Environ(), tc.cmd)
			if code != 0 {
				t.Fatalf("script -qec %q: exit %d\n%s", tc.cmd, code, out)
			}
			f := strings.Fields(out)
			if len(f) != 3 {
				t.Fatalf("ps printed %q", out)
			}
			g := got{f[0] != "?", f[1] == f[2]}
			if diff := cmp.Diff(tc.want, g); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nps: %q", diff, out)
			}
		})
	}
}
