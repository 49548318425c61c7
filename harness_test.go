//go:build linux

package main

// The harness the root package's tests share. What it offers:
//
//   - prerequisites: requirement and needTool skip on a developer's
//     machine and fail under CI=true; initNeedUnshare asks for root and
//     a working `unshare --pid`.
//   - the binary: binDir gives symlinks named sysprims, setsid and nohup
//     to this test binary (TestMain routes by the name); buildStatic
//     builds a static sysprims (once: the tests share it); copyExec
//     copies a program; sysprimsCopy and unprivileged give a copy that
//     uid 65534 may run.
//   - running to completion, bounded by initBound: runCmd (output in
//     files, so a detached target cannot hold the result), onTerminal
//     (under script(1), on a pseudo-terminal), with result, tempFile,
//     readBack and lines; shellCode (128+N) and exitCode (-1) read how a
//     process ended.
//   - waiting for a condition, never for a time: waitUntil, exists,
//     fileText, sortedLines, dirList.
//   - looking at processes: procStat, procState, procStatus, nulSplit,
//     withToken (a marked environment, to find what a run left alive).
//   - a running entry point: startInit starts sysprims, tini or
//     dumb-init as a plain child or as PID 1 of a new PID namespace
//     (under unshare); its initProc can be signalled, awaited and read.
//   - side by side: an entry (sysprimsEntry, otherEntry, entries) runs a
//     scenario (a script told its folder) to an outcome; sideBySide and
//     fromEnvironment want the same outcome of each.
//   - runc: staticBusybox and runcBundle make an OCI bundle.
//
// Tests call t.Parallel(): each works in folders, processes and PID
// namespaces of its own, and none changes the test process's signal
// dispositions, cwd, environment or limits (TestMain sets GORACE before
// any runs; a file a test opens is close-on-exec, as Go opens them, so no
// command started meanwhile inherits it). Those that other load would
// hurt (sweeps over moments, short grace periods, a race repeated, 1,000
// processes started one by one) stay serial and say so.

import (
	"bytes"
	"context"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
)

// --- prerequisites ------------------------------------------------------------

// requirement skips on a developer's machine and fails under CI=true.
func requirement(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("missing prerequisite under CI: %s", what)
	}
	t.Skipf("missing prerequisite: %s", what)
}

// needTool returns the path of the program name, a prerequisite for why:
// missing, it skips on a developer's machine and fails under CI=true (see
// requirement).
func needTool(t *testing.T, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		requirement(t, name+", "+why)
	}
	return p
}

var unshareProbe = sync.OnceValue(func() error {
	out, err := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "true").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
})

func initNeedUnshare(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		requirement(t, "root, for a PID namespace")
	}
	needTool(t, "unshare", "for a PID namespace")
	if err := unshareProbe(); err != nil {
		requirement(t, "unshare --pid --fork --mount-proc: "+err.Error())
	}
}

// --- the binary under test -----------------------------------------------------

// binDir returns a folder holding sysprims, setsid and nohup (and their
// sysprims- names) as symlinks to this test binary.
func binDir(t testing.TB) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"sysprims", "setsid", "nohup", "sysprims-setsid", "sysprims-nohup"} {
		if err := os.Symlink(self, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildStatic builds sysprims as a static binary (no cgo) into dir.
// The tests share one build, copied to each dir: go build links afresh
// every time, which is seconds of CPU on a loaded machine.
func buildStatic(t *testing.T, dir string) string {
	t.Helper()
	staticBuild.Lock()
	defer staticBuild.Unlock()
	if staticBuild.path == "" {
		goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if !exists(goBin) {
			goBin = needTool(t, "go", "to build a static sysprims")
		}
		tmp, err := os.MkdirTemp("", "sysprims-static-")
		if err != nil {
			t.Fatal(err)
		}
		afterSuite = append(afterSuite, func() { os.RemoveAll(tmp) })
		out := filepath.Join(tmp, "sysprims")
		cmd := exec.Command(goBin, "build", "-trimpath", "-o", out, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, b)
		}
		staticBuild.path = out
	}
	return copyExec(t, staticBuild.path, dir, "sysprims", 0o755)
}

// staticBuild is buildStatic's one build, made by the first test to ask.
var staticBuild struct {
	sync.Mutex
	path string
}

// copyExec copies the program src to dir/name with mode; name may be a
// path, whose folders it makes.
func copyExec(t *testing.T, src, dir, name string, mode os.FileMode) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode passes the umask and never sets the setuid bit.
	if err := os.Chmod(dst, mode); err != nil {
		t.Fatal(err)
	}
	return dst
}

// sysprimsCopy returns a fresh world-searchable folder outside go's
// private build folder, holding a copy of this test binary named sysprims
// that any user may run (TestMain routes it by that name). The folder goes
// at cleanup, whatever modes the test left in it.
func sysprimsCopy(t *testing.T) (root, sysprims string) {
	t.Helper()
	root, err := os.MkdirTemp("", "sysprims-copy-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(root)
	})
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return root, copyExec(t, self, root, "sysprims", 0o755)
}

// unprivileged returns a world-searchable folder holding a copy of this
// test binary named sysprims (see sysprimsCopy), and the prefix that runs a
// command as a user who is subject to folder permissions: uid/gid 65534
// via setpriv when we are root (root ignores them), nothing otherwise.
func unprivileged(t *testing.T) (root, sysprims, prefix string) {
	t.Helper()
	if os.Geteuid() == 0 {
		setpriv := needTool(t, "setpriv", "to drop root for folder permissions")
		prefix = setpriv + " --reuid=65534 --regid=65534 --clear-groups "
	}
	root, sysprims = sysprimsCopy(t)
	return root, sysprims, prefix
}

// --- running a command to completion -------------------------------------------

// initBound is how long a test waits for anything before it gives up.
const initBound = 60 * time.Second

// result is what a finished command left.
type result struct {
	Code           int
	Stdout, Stderr string
}

// runCmd runs argv to completion in dir with env (nil: ours) and stdin
// from /dev/null. Output is captured in files, not pipes, so that a
// detached target holding stdout does not delay the result. A command
// still running after initBound is killed and fails the test: a guard
// against a hung suite (a command that must never block), not a timing
// assertion.
func runCmd(t testing.TB, dir string, env []string, argv ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), initBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	out, errf := tempFile(t), tempFile(t)
	cmd.Stdout, cmd.Stderr = out, errf
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v still running after %v: killed", argv, initBound)
	}
	return result{shellCode(t, argv, err), readBack(t, out), readBack(t, errf)}
}

// shellCode is the exit code a shell would report for how argv ended (err
// from exec.Cmd's Wait): its code, or 128+N for a death by signal N. Any
// other error fails the test.
func shellCode(t testing.TB, argv []string, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return exitcode.FromWaitStatus(ee.Sys().(syscall.WaitStatus)).ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	return 0
}

func tempFile(t testing.TB) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readBack(t testing.TB, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

// onTerminal runs script in a pseudo-terminal (util-linux script) and
// returns its exit code and output with CRLF folded.
func onTerminal(t *testing.T, dir string, env []string, script string) (int, string) {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		requirement(t, "script (util-linux) for a pseudo-terminal")
	}
	ctx, cancel := context.WithTimeout(context.Background(), initBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, "script", "-qec", script, "/dev/null")
	cmd.Dir = dir
	cmd.Env = append(env, "SHELL=/bin/sh", "LC_ALL=C")
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("%q on a terminal still running after %v: killed", script, initBound)
	}
	return exitCode(t, err), strings.ReplaceAll(string(out), "\r\n", "\n")
}

// exitCode is the code a process ended with, from exec.Cmd's Run, Wait or
// Output error: 0, its exit code, or -1 for a death by signal (as
// os.ProcessState.ExitCode has it; shellCode gives 128+N instead). Any
// other error fails the test.
func exitCode(t testing.TB, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}

// --- waiting for a condition ---------------------------------------------------

// waitUntil polls cond every 10ms until it holds; it fails the test after
// initBound, or at once when stop reports that waiting is pointless.
func waitUntil(t *testing.T, what string, stop func() bool, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(initBound); !cond(); time.Sleep(10 * time.Millisecond) {
		if stop != nil && stop() {
			t.Fatalf("ended while waiting for %s", what)
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %v", what, initBound)
		}
	}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// fileText is the content of path, "" while it does not exist yet: for
// files a script is still to write (readBack wants a file that exists).
func fileText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

// sortedLines returns the non-empty lines of s, sorted: several processes
// append to one file in no fixed order.
func sortedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func dirList(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && path != dir {
			info, _ := d.Info()
			names = append(names, fmt.Sprintf("%s %v", strings.TrimPrefix(path, dir), info.Mode()))
		}
		return nil
	})
	return names
}

// --- looking at processes ------------------------------------------------------

// procStat returns fields 5 (pgrp), 6 (session) and 7 (tty) of /proc/PID/stat.
func procStat(t *testing.T, pid int) (pgrp, sid, tty int) {
	t.Helper()
	f := procStatFields(pid)
	if f == nil {
		t.Fatalf("no /proc/%d/stat: the process is gone", pid)
	}
	pgrp, _ = strconv.Atoi(f[2])
	sid, _ = strconv.Atoi(f[3])
	tty, _ = strconv.Atoi(f[4])
	return
}

// procStatFields returns the fields of /proc/PID/stat from field 3 (the
// state) on, past the command name, which may hold spaces and parentheses;
// nil when the process is gone.
func procStatFields(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return nil
	}
	return strings.Fields(string(b[i+2:]))
}

// procState is the state letter of /proc/PID/stat, or 0 when it is gone
// (procStat gives other fields, and fails when the process is gone).
func procState(pid int) byte {
	if f := procStatFields(pid); f != nil {
		return f[0][0]
	}
	return 0
}

// procStatus returns the named lines of /proc/PID/status.
func procStatus(t *testing.T, pid int, keys ...string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		for _, want := range keys {
			if k == want {
				out[k] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

func nulSplit(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// withToken returns env marked with a fresh token, and a function listing
// the live (non-zombie) processes that carry it.
func withToken(t *testing.T) ([]string, func() []int) {
	t.Helper()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	tok := "SYSPRIMS_INIT_TEST_TOKEN=" + hex.EncodeToString(b)
	return []string{tok}, func() []int {
		var pids []int
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
			if err == nil && slices.Contains(nulSplit(env), tok) && procState(pid) != 'Z' {
				pids = append(pids, pid)
			}
		}
		return pids
	}
}

// --- an entry point running ----------------------------------------------------

// initProc is a started entry point: sysprims, tini or dumb-init, either
// as PID 1 of a new PID namespace (under unshare) or as a plain child.
type initProc struct {
	cmd       *exec.Cmd
	out, errf *os.File
	pid       int // host PID of the entry point (PID 1 of the namespace)
	done      chan struct{}
	err       error
}

// startInit starts argv; with ns it runs as PID 1 of a new PID namespace.
func startInit(t *testing.T, ns bool, env []string, argv ...string) *initProc {
	t.Helper()
	if ns {
		initNeedUnshare(t)
		argv = append([]string{"unshare", "--pid", "--fork", "--mount-proc", "--"}, argv...)
	}
	p := &initProc{cmd: exec.Command(argv[0], argv[1:]...), out: tempFile(t), errf: tempFile(t), done: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Dir = t.TempDir()
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.errf
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		if !p.ended() {
			if p.pid > 0 {
				_ = unix.Kill(p.pid, unix.SIGKILL)
			}
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	p.pid = p.cmd.Process.Pid
	if ns {
		// PID 1 of the namespace is unshare's only child. A short CMD may
		// be over before it is seen: then there is nothing to signal.
		children := fmt.Sprintf("/proc/%d/task/%d/children", p.pid, p.pid)
		unsharePID := p.pid
		p.pid = 0
		waitUntil(t, "unshare's child", nil, func() bool {
			b, _ := os.ReadFile(children)
			p.pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			return p.pid > 0 || p.ended()
		})
		if p.pid == 0 && !p.ended() {
			t.Fatalf("no child of unshare %d", unsharePID)
		}
	}
	return p
}

func (p *initProc) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// signal sends sig to the entry point.
func (p *initProc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if p.pid == 0 {
		t.Fatalf("%v ended before it could be sent %v", p.cmd.Args, sig)
	}
	if err := unix.Kill(p.pid, sig); err != nil {
		t.Fatalf("kill %d %v: %v", p.pid, sig, err)
	}
}

// wait returns how the entry point (or unshare, which passes PID 1's
// status on) ended and what it printed.
func (p *initProc) wait(t *testing.T) result {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(initBound):
		t.Fatalf("%v still running after %v; stderr: %q", p.cmd.Args, initBound, readBack(t, p.errf))
	}
	return result{shellCode(t, p.cmd.Args, p.err), readBack(t, p.out), readBack(t, p.errf)}
}

// awaitPIDFile waits, while p runs, until path holds a PID (written by
// CMD through a rename) and returns it; that process is killed at cleanup.
// (readPIDFile would not stop when p ends first.)
func (p *initProc) awaitPIDFile(t *testing.T, path string) int {
	t.Helper()
	var pid int
	waitUntil(t, "the PID in "+filepath.Base(path), p.ended, func() bool {
		pid, _ = strconv.Atoi(strings.TrimSpace(fileText(t, path)))
		return pid > 0
	})
	t.Cleanup(func() { _ = unix.Kill(pid, unix.SIGKILL) })
	return pid
}

// --- entry points side by side -------------------------------------------------

// entry is a way to start CMD: its argv up to and including "--".
type entry struct {
	name string
	argv []string
}

// sysprimsEntry is `sysprims init FLAGS... --`.
func sysprimsEntry(bin string, flags ...string) entry {
	argv := append([]string{filepath.Join(bin, "sysprims"), "init"}, flags...)
	name := strings.Join(append([]string{"sysprims"}, flags...), " ")
	return entry{name, append(argv, "--")}
}

// otherEntry is tini or dumb-init with flags, for a side-by-side case.
// Both are prerequisites under CI=true (.ci/run installs them); on a
// developer's machine a missing tini skips the test and a missing
// dumb-init is only left out of the comparison.
func otherEntry(t *testing.T, tool string, flags ...string) (entry, bool) {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if tool == "tini" || os.Getenv("CI") == "true" {
			requirement(t, tool+", for side-by-side cases")
		}
		t.Logf("%s not installed: not compared", tool)
		return entry{}, false
	}
	name := strings.Join(append([]string{tool}, flags...), " ")
	return entry{name, append(append([]string{p}, flags...), "--")}, true
}

// entries returns sysprims (with sysFlags) and, where present, the others
// given as "tool flag...".
func entries(t *testing.T, bin string, sysFlags []string, others ...string) []entry {
	t.Helper()
	es := []entry{sysprimsEntry(bin, sysFlags...)}
	for _, o := range others {
		f := strings.Fields(o)
		if e, ok := otherEntry(t, f[0], f[1:]...); ok {
			es = append(es, e)
		}
	}
	return es
}

// scenario is a CMD script run under an entry point. The script gets its
// folder as $1; it touches $1/ready when the test may send sig (0: none).
type scenario struct {
	script string
	sig    syscall.Signal
	env    []string // added to ours
}

// outcome is what a scenario left: the exit code and the sorted lines the
// processes appended to $1/out.
type outcome struct {
	Code int
	Out  []string
}

func (sc scenario) run(t *testing.T, ns bool, e entry) (outcome, result) {
	t.Helper()
	p, dir := sc.start(t, ns, e)
	if sc.sig != 0 {
		p.awaitReady(t, e.name, dir)
		p.signal(t, sc.sig)
	}
	res := p.wait(t)
	return outcomeIn(t, dir, res), res
}

// start writes the script into a fresh folder DIR and starts
// `ENTRY /bin/sh SCRIPT DIR` with sc.env added to ours.
func (sc scenario) start(t *testing.T, ns bool, e entry) (*initProc, string) {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "cmd.sh")
	if err := os.WriteFile(script, []byte(sc.script), 0o644); err != nil {
		t.Fatal(err)
	}
	argv := append(append([]string{}, e.argv...), "/bin/sh", script, dir)
	return startInit(t, ns, append(os.Environ(), sc.env...), argv...), dir
}

// awaitReady waits until CMD has touched DIR/ready.
func (p *initProc) awaitReady(t *testing.T, name, dir string) {
	t.Helper()
	waitUntil(t, name+": CMD ready", p.ended, func() bool { return exists(filepath.Join(dir, "ready")) })
}

// outcomeIn is how the entry point ended and what CMD's processes
// appended to DIR/out.
func outcomeIn(t *testing.T, dir string, res result) outcome {
	t.Helper()
	return outcome{res.Code, sortedLines(fileText(t, filepath.Join(dir, "out")))}
}

// sideBySide runs sc under each entry and wants the same outcome of all.
func sideBySide(t *testing.T, ns bool, es []entry, sc scenario, want outcome) map[string]result {
	t.Helper()
	got := map[string]outcome{}
	wants := map[string]outcome{}
	results := map[string]result{}
	for _, e := range es {
		got[e.name], results[e.name] = sc.run(t, ns, e)
		wants[e.name] = want
	}
	if diff := cmp.Diff(wants, got); diff != "" {
		t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		for name, r := range results {
			t.Logf("%s stderr: %q", name, r.Stderr)
		}
	}
	return results
}

// fromEnvironment runs sc as PID 1 under `sysprims init --` with setting
// (NAME=VALUE) in the environment instead of a flag, in a subtest named
// "environment", and wants the outcome the flag gives.
func fromEnvironment(t *testing.T, bin string, sc scenario, setting string, want outcome) {
	t.Helper()
	t.Run("environment", func(t *testing.T) {
		sc.env = append(slices.Clip(sc.env), setting)
		got, res := sc.run(t, true, sysprimsEntry(bin))
		if diff := cmp.Diff(want, got); diff != "" {
			name, _, _ := strings.Cut(setting, "=")
			t.Errorf("%s mismatch (-want +got):\n%s\nstderr: %q", name, diff, res.Stderr)
		}
	})
}

// noTrapScript leaves TERM at its default: CMD dies of it.
const noTrapScript = `touch $1/ready
while :; do sleep 0.05; done
`

// --- under runc ----------------------------------------------------------------

// runcPrerequisites is what every test under runc needs: root, runc and
// a static busybox for the bundle's rootfs. It returns runc's path and a
// static sysprims built for the bundle.
func runcPrerequisites(t *testing.T) (runc, sysprims string) {
	t.Helper()
	if os.Geteuid() != 0 {
		requirement(t, "root, for runc")
	}
	runc = needTool(t, "runc", "an OCI runtime")
	staticBusybox(t)
	return runc, buildStatic(t, t.TempDir())
}

// staticBusybox returns the path of a statically linked busybox.
func staticBusybox(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/bin/busybox", "/usr/bin/busybox"} {
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		dynamic := false
		for _, prog := range f.Progs {
			dynamic = dynamic || prog.Type == elf.PT_INTERP
		}
		f.Close()
		if !dynamic {
			return p
		}
	}
	requirement(t, "a static busybox (busybox-static)")
	return ""
}

// runcBundle makes an OCI bundle: a rootfs of busybox and its applets, the
// static sysprims and tini-static when installed, and a config without a
// terminal that runs args.
func runcBundle(t *testing.T, runc string, sysprims string, args []string) string {
	t.Helper()
	bundle := t.TempDir()
	root := filepath.Join(bundle, "rootfs")
	for _, d := range []string{"bin", "usr/bin", "proc", "sys", "dev", "tmp", "etc"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile := func(src, dst string) { copyExec(t, src, root, dst, 0o755) }
	bb := staticBusybox(t)
	copyFile(bb, "bin/busybox")
	copyFile(sysprims, "usr/bin/sysprims")
	if p, err := exec.LookPath("tini-static"); err == nil {
		copyFile(p, "usr/bin/tini")
	}
	list, err := exec.Command(bb, "--list").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, applet := range strings.Fields(string(list)) {
		if applet == "busybox" {
			continue
		}
		if err := os.Symlink("busybox", filepath.Join(root, "bin", applet)); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(runc, "spec", "--bundle", bundle).CombinedOutput(); err != nil {
		t.Fatalf("runc spec: %v\n%s", err, out)
	}
	editRuncConfig(t, bundle, func(cfg map[string]any) {
		proc := cfg["process"].(map[string]any)
		proc["terminal"] = false
		proc["args"] = args
		cfg["root"].(map[string]any)["readonly"] = false
	})
	return bundle
}

// editRuncConfig lets edit change the bundle's config.json.
func editRuncConfig(t *testing.T, bundle string, edit func(cfg map[string]any)) {
	t.Helper()
	cfgPath := filepath.Join(bundle, "config.json")
	var cfg map[string]any
	b, err := os.ReadFile(cfgPath)
	if err == nil {
		err = json.Unmarshal(b, &cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	edit(cfg)
	if b, err = json.Marshal(cfg); err == nil {
		err = os.WriteFile(cfgPath, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// runcContainer is a container started by startRunc: `runc run` on a
// bundle, with its stdout and stderr in Out, deleted when the test ends.
type runcContainer struct {
	runc, ID string
	Out      *os.File
	done     chan error
}

// startRunc runs the bundle as a container named PREFIX-RANDOM.
func startRunc(t *testing.T, runc, bundle, prefix string) *runcContainer {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	c := &runcContainer{runc: runc, ID: prefix + "-" + hex.EncodeToString(b), Out: tempFile(t), done: make(chan error, 1)}
	t.Cleanup(func() { _ = exec.Command(runc, "delete", "-f", c.ID).Run() })
	cmd := exec.Command(runc, "run", "--bundle", bundle, c.ID)
	cmd.Stdout, cmd.Stderr = c.Out, c.Out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- cmd.Wait() }()
	return c
}

// ended reports whether `runc run` has returned (for waitUntil).
func (c *runcContainer) ended() bool { return len(c.done) > 0 }

// kill sends sig (a name, as runc kill takes it) to the container's init.
func (c *runcContainer) kill(t *testing.T, sig string) {
	t.Helper()
	if b, err := exec.Command(c.runc, "kill", c.ID, sig).CombinedOutput(); err != nil {
		t.Fatalf("runc kill: %v\n%s", err, b)
	}
}

// wait returns what `runc run` returned, within initBound.
func (c *runcContainer) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(initBound):
		t.Fatalf("container still running after %v; output %q", initBound, readBack(t, c.Out))
		return nil
	}
}
