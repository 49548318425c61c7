//go:build linux

package main

// The differential suite: every case runs once with util-linux setsid and
// coreutils nohup and once with this binary, both under the same argv[0]
// (symlinks named setsid, nohup, sysprims-setsid and sysprims-nohup in two
// folders put first in PATH), in fresh folders, under LC_ALL=C, and the
// exit status, stdout, stderr and the files left behind must be the same.
// A case marked with a divergence states what sysprims does instead
// (README "Drop-ins"); it fails both when ours changes and when the
// original stops behaving differently.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// dropinCase is one scenario, written as a POSIX sh script that calls the
// tools by their bare names. The script runs in DIR (its cwd) with HOME set
// to a second fresh folder (both root's, mode 0755), BIN naming the folder
// with the tools and NB the setpriv prefix that drops to uid/gid 65534. The
// script prepares the files it needs itself, as root.
type dropinCase struct {
	name   string
	script string
	tty    bool   // run under script(1): stdin, stdout and stderr are a pty
	nobody bool   // the script uses $NB (needs root and setpriv)
	needs  string // another program the case needs (perl, ...)
	// layout compares help and version texts by their layout only;
	// oursSays is then a text our stdout must contain.
	layout   bool
	oursSays string
	// divergence names a documented difference; ours derives our outcome
	// from the original's.
	divergence string
	ours       func(orig dropinOutcome) dropinOutcome
}

// dropinOutcome is everything a run left that the suite compares.
type dropinOutcome struct {
	Code   int
	Stdout string
	Stderr string
	Files  []string // "path mode [-> link] [: content]" under DIR and HOME
}

func TestDropinDifferential(t *testing.T) {
	t.Parallel()
	h := newDropinHarness(t)
	// The cases run in parallel, each in fresh folders of its own; they
	// are counted as they end, and the count is logged once all have (a
	// cleanup of the parent runs after its parallel subtests).
	var mu sync.Mutex
	matched, diverged := 0, 0
	t.Cleanup(func() {
		t.Logf("differential cases: %d identical to the originals, %d documented divergences pinned", matched, diverged)
	})
	for _, c := range dropinCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			t.Cleanup(func() {
				mu.Lock()
				defer mu.Unlock()
				switch {
				case t.Failed():
				case c.divergence == "":
					matched++
				default:
					diverged++
				}
			})
			h.check(t, c)
		})
	}
}

type dropinHarness struct {
	root    string // world-searchable, so that uid 65534 can use it
	origBin string
	oursBin string
	isRoot  bool
	setpriv string
}

func newDropinHarness(t *testing.T) *dropinHarness {
	t.Helper()
	for _, tool := range []string{"/usr/bin/setsid", "/usr/bin/nohup"} {
		if _, err := os.Stat(tool); err != nil {
			requirement(t, tool)
		}
	}
	h := &dropinHarness{isRoot: os.Geteuid() == 0}
	// A copy of the test binary outside go's private build folder, so that
	// uid 65534 may run it; TestMain routes it by its link's name.
	root, copyPath := sysprimsCopy(t)
	h.root = root
	h.origBin = dropinLinkDir(t, root, "orig", map[string]string{
		"setsid": "/usr/bin/setsid", "nohup": "/usr/bin/nohup",
		"sysprims-setsid": "/usr/bin/setsid", "sysprims-nohup": "/usr/bin/nohup",
	})
	h.oursBin = dropinLinkDir(t, root, "ours", map[string]string{
		"setsid": copyPath, "nohup": copyPath, "sysprims-setsid": copyPath, "sysprims-nohup": copyPath,
	})
	h.setpriv, _ = exec.LookPath("setpriv")
	return h
}

func dropinLinkDir(t *testing.T, root, name string, links map[string]string) string {
	t.Helper()
	dir := filepath.Join(root, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (h *dropinHarness) check(t *testing.T, c dropinCase) {
	if c.tty {
		needTool(t, "script", "for a pseudo-terminal")
	}
	if c.nobody && (!h.isRoot || h.setpriv == "") {
		requirement(t, "root and setpriv (for the uid 65534 cases)")
	}
	if c.needs != "" {
		needTool(t, c.needs, "for this case")
	}
	orig := h.run(t, c, h.origBin, "orig")
	ours := h.run(t, c, h.oursBin, "ours")
	if testing.Verbose() {
		t.Logf("original: %+v", orig)
	}
	if c.oursSays != "" && !strings.Contains(ours.Stdout, c.oursSays) {
		t.Errorf("our output %q does not say %q", ours.Stdout, c.oursSays)
	}
	if c.layout {
		orig, ours = dropinLayout(orig), dropinLayout(ours)
	}
	want := orig
	if c.divergence != "" {
		want = c.ours(orig)
		if cmp.Equal(orig, want) {
			t.Errorf("divergence %q: the case expects no difference", c.divergence)
		}
	}
	if diff := cmp.Diff(want, ours); diff != "" {
		t.Errorf("script:\n%s\noutcome mismatch (-want +got):\n%s", c.script, diff)
	}
	if c.divergence != "" && t.Failed() {
		t.Logf("divergence: %s", c.divergence)
	}
}

// run executes the case once with the tools in bin, in fresh folders.
func (h *dropinHarness) run(t *testing.T, c dropinCase, bin, side string) dropinOutcome {
	t.Helper()
	base, err := os.MkdirTemp(h.root, side+"-")
	if err != nil {
		t.Fatal(err)
	}
	dir, home := filepath.Join(base, "w"), filepath.Join(base, "h")
	for _, d := range []string{base, dir, home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"PATH=" + bin + ":/usr/bin:/bin",
		"HOME=" + home,
		"LC_ALL=C",
		"TERM=dumb",
		"SHELL=/bin/sh", // script(1) runs it; bash would exec a lone command
		"BIN=" + bin,
		"NB=" + h.setpriv + " --reuid=65534 --regid=65534 --clear-groups",
		// Both sides get it; only our race-built copy reads it (TestMain).
		"GORACE=" + os.Getenv("GORACE"),
	}
	argv := []string{"/bin/sh", "-c", c.script}
	if c.tty {
		argv = []string{"script", "-qec", c.script, "/dev/null"}
	}
	// The deadline only stops a hung case from hanging the suite.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr // pipes: read to EOF, orphans included
	err = cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ctx.Err() == nil:
		code = ee.ExitCode()
		if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	case err != nil:
		t.Fatalf("%s run: %v (stderr %q)", side, err, stderr.String())
	}
	norm := func(s string) string {
		if c.tty {
			s = strings.ReplaceAll(s, "\r", "")
		}
		s = strings.ReplaceAll(s, base, "$ROOT") // before bin, its prefix
		s = strings.ReplaceAll(s, bin, "$BIN")
		return dropinChildPID.ReplaceAllString(s, "child PID ")
	}
	return dropinOutcome{
		Code:   code,
		Stdout: norm(stdout.String()),
		Stderr: norm(stderr.String()),
		Files:  dropinFiles(t, base),
	}
}

var dropinChildPID = regexp.MustCompile(`child [0-9]+ `)

// dropinFiles lists what a run left under its folder, with modes and the
// contents of small regular files.
func dropinFiles(t *testing.T, base string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == base {
			return nil
		}
		info, err := os.Lstat(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, path)
		line := rel + " " + info.Mode().String()
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			line += " -> " + target
		case info.Mode().IsRegular() && info.Size() <= 4096:
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += ": " + string(b)
		case info.Mode().IsRegular():
			line += fmt.Sprintf(": (%d bytes or more)", 4096)
		}
		files = append(files, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// dropinLayout reduces help and version texts to their layout: for each
// line, blank or not, its indentation and its option words, and whether the
// full argv[0] "$BIN/..." appears. The words themselves are our own.
func dropinLayout(o dropinOutcome) dropinOutcome {
	o.Stdout = layoutOf(o.Stdout)
	o.Stderr = layoutOf(o.Stderr)
	return o
}

func layoutOf(text string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			out = append(out, "")
			continue
		}
		shape := fmt.Sprintf("indent=%d", len(line)-len(strings.TrimLeft(line, " ")))
		for _, word := range strings.Fields(line) {
			if strings.HasPrefix(word, "-") || strings.HasPrefix(word, "$BIN/") {
				shape += " " + strings.TrimRight(word, ",")
			}
		}
		out = append(out, shape)
	}
	return strings.Join(out, "\n")
}

// Snippets the targets run.
const (
	// leads: the target leads its session and process group.
	leads = `set -- $(cat /proc/$$/stat); test "$5" = $$ && test "$6" = $$ && echo leader || echo not-leader`
	// hasCtty: the target has a controlling terminal.
	hasCtty = `set -- $(cat /proc/$$/stat); test "$7" != 0 && echo has-ctty || echo no-ctty`
	// sigs: the signal dispositions and mask the command got.
	sigs = `grep -E "^Sig(Ign|Blk)" /proc/self/status`
	// ownFDs: the descriptors the target shell holds.
	// No pipeline: sh would hold the pipe's ends while ls looks at it.
	ownFDs = `ls /proc/$$/fd >../fds; tr "\n" " " <../fds; rm ../fds; echo`
	// searchDirs prepares a PATH search: a/foo not executable, b/foo
	// executable, c/foo a symlink loop, f a plain file, p/dd a folder.
	searchDirs = `mkdir a b c p p/dd; printf '#!/bin/sh\necho a\n' > a/foo; chmod 644 a/foo; ` +
		`printf '#!/bin/sh\necho b "$@"\n' > b/foo; chmod 755 b/foo; ln -s foo c/foo; : > f; `
	// noShebang is an executable script without #!, run through /bin/sh.
	noShebang = `printf 'echo "s:$0:$1"; exit 9\n' > s; chmod 755 s; `
)

// diverge derives our expected outcome from the original's.
func diverge(f func(o *dropinOutcome)) func(dropinOutcome) dropinOutcome {
	return func(o dropinOutcome) dropinOutcome {
		o.Files = append([]string(nil), o.Files...)
		f(&o)
		return o
	}
}

// Divergences, as the README states them.
const (
	improvedExec = "improvement 1: a forked setsid reports exec and terminal failures synchronously"
	improvedWait = "improvement 2: setsid -w waits for its own child only"
	runtimeFDs   = "G1: the Go runtime opens /dev/null on closed fds 0-2 before main"
	runtimeSigs  = "G2: signals ignored at startup other than HUP and INT are not ignored in the command"
)

func dropinCases() []dropinCase {
	var cases []dropinCase
	cases = append(cases, setsidCases()...)
	cases = append(cases, execvpCases()...)
	cases = append(cases, nohupCases()...)
	return cases
}

func setsidCases() []dropinCase {
	return []dropinCase{
		// A1: getopt_long("+Vhcfw").
		{name: "A1 long options", script: `setsid --wait --fork sh -c 'exit 3'`},
		{name: "A1 unique prefixes", script: `setsid --wa --fo sh -c 'exit 4'`},
		{name: "A1 bundled short options", script: `setsid -wf sh -c 'exit 5'`},
		{name: "A1 parsing stops at the first operand", script: `setsid sh -c 'echo "$@"' sh -w -f --help -x`},
		{name: "A1 double dash ends the options", script: `setsid -- sh -c 'echo ran'`},
		{name: "A1 after double dash an option is the command", script: `setsid -- -w; echo rc=$?`},
		// A2, A3: help and version, in order.
		{name: "A2 -h", script: `setsid -h`, layout: true},
		{name: "A2 --help", script: `setsid --help`, layout: true},
		{name: "A2 --he", script: `setsid --he`, layout: true},
		{name: "A2 -h -V helps", script: `setsid -h -V`, layout: true},
		{name: "A2 help before a bad option", script: `setsid --help --bogus`, layout: true},
		{name: "A2 help under sysprims-setsid", script: `sysprims-setsid --help | grep -c sysprims-setsid`},
		{name: "A3 -V", script: `setsid -V`, layout: true, oursSays: "setsid from sysprims "},
		{name: "A3 -V -h prints the version", script: `setsid -V -h`, layout: true, oursSays: "setsid from sysprims "},
		{name: "A3 --version", script: `setsid --version`, layout: true, oursSays: "setsid from sysprims "},
		{name: "A3 version names basename", script: `sysprims-setsid --version`, layout: true, oursSays: "sysprims-setsid from sysprims "},
		{name: "A3 version under a full path", script: `"$BIN/setsid" -V`, layout: true, oursSays: "setsid from sysprims "},
		// A4: bad options.
		{name: "A4 invalid short option", script: `setsid -x`},
		{name: "A4 unrecognized long option", script: `setsid --bogus`},
		{name: "A4 unrecognized with value", script: `setsid --bogus=1`},
		{name: "A4 no argument allowed", script: `setsid --help=x`},
		{name: "A4 ambiguous empty name", script: `setsid --=x`},
		{name: "A4 bad option inside a bundle", script: `setsid -wx true`},
		{name: "A4 triple dash", script: `setsid ---`},
		{name: "A4 full argv0 in getopt messages", script: `"$BIN/setsid" -x`},
		{name: "A4 sysprims-setsid name", script: `sysprims-setsid -x`},
		// A5: no program.
		{name: "A5 no arguments", script: `setsid`},
		{name: "A5 double dash only", script: `setsid --`},
		{name: "A5 -w only", script: `setsid -w`},
		{name: "A5 -fw --", script: `setsid -fw --`},
		{name: "A5 sysprims-setsid name", script: `sysprims-setsid`},
		// A6: write errors.
		{name: "A6 help to a full device", script: `setsid --help >/dev/full`},
		{name: "A6 version to a full device", script: `setsid -V >/dev/full`},
		{name: "A6 help to a closed stdout", script: `setsid --help >&-; echo rc=$?`},
		// A7: fork only when needed.
		{name: "A7 same PID when not a group leader", script: `exec setsid sh -c 'test $$ = "$1" && echo same-pid' sh $$`},
		{name: "A7 in place the command leads a new session", script: `setsid sh -c '` + leads + `'`},
		{name: "A7 in place -w is a no-op: a signal stays a signal", script: `setsid -w sh -c 'kill $$'; echo rc=$?`},
		{name: "A7 a group leader forks and exits 0", script: `setsid setsid sh -c 'exit 7'; echo rc=$?`},
		{name: "A7 a group leader with -w", script: `setsid setsid -w sh -c 'exit 7'; echo rc=$?`},
		{name: "A7 -f gives a new PID", script: `exec setsid -f sh -c 'test $$ != "$1" && echo new-pid' sh $$`},
		{name: "A7 -f child leads a new session", script: `setsid -fw sh -c '` + leads + `'`},
		// A8: fork without -w.
		{name: "A8 -f exits 0 at once", script: `setsid -f sh -c 'echo child >&2; exit 3'; echo rc=$?`},
		// A9: -w and other children.
		{
			name: "A9 an inherited child does not confuse -w", divergence: improvedWait,
			script: `true & exec setsid -wf sh -c 'while grep -qs "^State:.[^Z]" /proc/$1/status; do :; done; exit 4' sh $!`,
			ours:   diverge(func(o *dropinOutcome) { o.Code, o.Stderr = 4, "" }),
		},
		{
			name: "A9 SIGCHLD ignored", divergence: improvedWait + "; " + runtimeSigs, needs: "perl",
			script: `perl -e '$SIG{CHLD} = "IGNORE"; exec "setsid", "-wf", "grep", "SigIgn", "/proc/self/status"'`,
			ours: diverge(func(o *dropinOutcome) {
				o.Code, o.Stderr = 0, ""
				o.Stdout = strings.Replace(o.Stdout, "0000000000010000", "0000000000000000", 1)
			}),
		},
		// A10, A11: exit status.
		{name: "A10 exit status 255", script: `setsid -wf sh -c 'exit 255'`},
		{name: "A10 exit status 0", script: `setsid -wf true; echo rc=$?`},
		{name: "A11 TERM gives 15", script: `setsid -wf sh -c 'kill $$'; echo rc=$?`},
		{name: "A11 KILL gives 9", script: `setsid -wf sh -c 'kill -KILL $$'; echo rc=$?`},
		{name: "A11 HUP gives 1", script: `setsid -wf sh -c 'kill -HUP $$'; echo rc=$?`},
		{name: "A11 SEGV with core dump allowed", script: `mkdir c; cd c; ulimit -c unlimited 2>/dev/null; setsid -wf sh -c 'kill -SEGV $$'; echo rc=$?; cd ..; rm -rf c`},
		// A12: controlling terminal.
		{name: "A12 -c without a terminal", script: `setsid -c true </dev/null`},
		{name: "A12 -fwc without a terminal", script: `setsid -fwc true </dev/null`},
		{
			name: "A12 -fc without a terminal", divergence: improvedExec,
			script: `setsid -fc true </dev/null; echo rc=$?`,
			ours:   diverge(func(o *dropinOutcome) { o.Stdout = "rc=1\n" }),
		},
		{name: "A12 -c on a terminal", tty: true, script: `setsid -c sh -c '` + hasCtty + `'`},
		{name: "A12 no -c on a terminal", tty: true, script: `setsid sh -c '` + hasCtty + `'`},
		{name: "A12 -fwc on a terminal", tty: true, script: `setsid -fwc sh -c '` + hasCtty + `'`},
		{name: "A12 -fw on a terminal", tty: true, script: `setsid -fw sh -c '` + hasCtty + `'`},
		{name: "A12 -c with stdin redirected on a terminal", tty: true, script: `setsid -c true </dev/null; echo rc=$?`},
		{name: "A12 -c as non-root steals nothing", tty: true, nobody: true, script: `$NB setsid -w -c true; echo rc=$?`},
		{name: "A12 -fwc as non-root", tty: true, nobody: true, script: `$NB setsid -fwc true; echo rc=$?`},
		// A13: exec failures.
		{name: "A13 not found", script: `setsid nonexistent`},
		{name: "A13 a directory", script: `setsid /tmp`},
		{name: "A13 not executable", script: `printf 'x\n' > k; chmod 644 k; setsid ./k`},
		{name: "A13 name printed unquoted", script: `setsid 'a b'`},
		{name: "A13 -w in place", script: `setsid -w nonexistent`},
		{name: "A13 -wf", script: `setsid -wf nonexistent`},
		{name: "A13 -wf not executable as non-root", nobody: true, script: `printf 'x\n' > k; chmod 644 k; $NB setsid -wf ./k`},
		{
			name: "A13 -f reports at once", divergence: improvedExec,
			script: `setsid -f nonexistent; echo rc=$?`,
			ours:   diverge(func(o *dropinOutcome) { o.Stdout = "rc=127\n" }),
		},
		// What the command inherits.
		{name: "setsid adds no descriptor", script: `setsid sh -c '` + ownFDs + `'`},
		{name: "setsid -fw adds no descriptor", script: `setsid -fw sh -c '` + ownFDs + `'`},
		{name: "setsid signal dispositions and mask", script: `setsid ` + sigs},
		{name: "setsid -fw signal dispositions and mask", script: `setsid -fw ` + sigs},
		{name: "setsid keeps an ignored INT", script: `trap '' INT; setsid ` + sigs},
		{
			name: "setsid loses an ignored TERM and QUIT", divergence: runtimeSigs,
			script: `trap '' TERM QUIT; setsid ` + sigs,
			ours: diverge(func(o *dropinOutcome) {
				o.Stdout = strings.Replace(o.Stdout, "0000000000004004", "0000000000000000", 1)
			}),
		},
		{
			name: "setsid with stdin closed", divergence: runtimeFDs,
			script: `setsid sh -c 'test -e /proc/$$/fd/0 && echo stdin-open || echo stdin-closed' <&-`,
			ours:   diverge(func(o *dropinOutcome) { o.Stdout = "stdin-open\n" }),
		},
	}
}

// execvpCases run the PATH search of E1-E6 through both tools.
func execvpCases() []dropinCase {
	var cases []dropinCase
	tools := []struct{ tool, T string }{ // T: by full path, for scripts that change PATH
		{"setsid", `"$BIN/setsid"`}, {"setsid -fw", `"$BIN/setsid" -fw`}, {"nohup", `"$BIN/nohup"`},
	}
	for _, tt := range tools {
		tool, T := tt.tool, tt.T
		cases = append(cases, []dropinCase{
			{name: "E1 empty name / " + tool, script: tool + ` ''; echo rc=$?`},
			{name: "E2 a slash means no search / " + tool, script: `mkdir -p p/d; printf '#!/bin/sh\necho found\n' > p/d/k; chmod 755 p/d/k; PATH=$PWD/p:$PATH ` + T + ` d/k; echo rc=$?`},
			{name: "E3 PATH unset / " + tool, script: `env -u PATH ` + T + ` sh -c 'echo ran'`},
			{name: "E3 empty PATH is the current folder / " + tool, script: `printf '#!/bin/sh\necho k-ran\n' > k; chmod 755 k; PATH= ` + T + ` k`},
			{name: "E3 empty PATH element / " + tool, script: `printf '#!/bin/sh\necho k-ran\n' > k; chmod 755 k; PATH=/nonexistent: ` + T + ` k`},
			{name: "E4 EACCES remembered, later folder wins / " + tool, script: searchDirs + `PATH=$PWD/a:$PWD/b ` + T + ` foo x`},
			{name: "E4 EACCES only / " + tool, script: searchDirs + `PATH=$PWD/a ` + T + ` foo; echo rc=$?`},
			{name: "E4 ENOTDIR goes on / " + tool, script: searchDirs + `PATH=$PWD/f:$PWD/b ` + T + ` foo`},
			{name: "E4 ELOOP stops / " + tool, script: searchDirs + `PATH=$PWD/c:$PWD/b ` + T + ` foo; echo rc=$?`},
			{name: "E4 unsearchable folder as non-root / " + tool, nobody: true, script: searchDirs + `mkdir l; chmod 700 l; cp b/foo l/; PATH=$PWD/l:$PWD/b $NB ` + T + ` foo`},
			{name: "E4 only an unsearchable folder as non-root / " + tool, nobody: true, script: searchDirs + `mkdir l; chmod 700 l; cp b/foo l/; PATH=$PWD/l $NB ` + T + ` foo; echo rc=$?`},
			{name: "E5 no #! runs through /bin/sh / " + tool, script: noShebang + tool + ` ./s arg; echo rc=$?`},
			{name: "E5 no #! found in PATH / " + tool, script: noShebang + `PATH=$PWD:/usr/bin:/bin ` + T + ` s arg; echo rc=$?`},
			{name: "E6 name too long / " + tool, script: tool + ` $(printf '%0256d' 0); echo rc=$?`},
			{name: "E6 a folder in PATH / " + tool, script: searchDirs + `PATH=$PWD/p ` + T + ` dd; echo rc=$?`},
		}...)
	}
	return cases
}

func nohupCases() []dropinCase {
	const both = `sh -c 'echo o; echo e >&2'`
	cases := []dropinCase{
		// B1: one getopt_long call.
		{name: "B1 help wins over a later bad option", script: `nohup --help --bogus`, layout: true},
		{name: "B1 -- --help runs a command named --help", script: `nohup -- --help; echo rc=$?`},
		{name: "B1 --he", script: `nohup --he`, layout: true},
		{name: "B1 --v", script: `nohup --v`, layout: true, oursSays: "nohup (sysprims) "},
		{name: "B1 a bad option before --help", script: `nohup --bogus --help`},
		// B2, B3: help and version.
		{name: "B2 --help", script: `nohup --help`, layout: true},
		{name: "B2 --help shows the full argv0", script: `"$BIN/nohup" --help`, layout: true},
		{name: "B2 --help under sysprims-nohup", script: `sysprims-nohup --help | grep -c sysprims-nohup`},
		{name: "B3 --version", script: `nohup --version`, layout: true, oursSays: "nohup (sysprims) "},
		{name: "B3 --version has a fixed name", script: `"$BIN/sysprims-nohup" --version | head -1 | cut -d' ' -f1`},
		// B4: bad options, 125 or 127.
		{name: "B4 -h", script: `nohup -h`},
		{name: "B4 -V", script: `nohup -V`},
		{name: "B4 -x", script: `nohup -x`},
		{name: "B4 --help=x", script: `nohup --help=x`},
		{name: "B4 ambiguous empty name", script: `nohup --=x`},
		{name: "B4 unrecognized with value", script: `nohup --bogus=1`},
		{name: "B4 POSIXLY_CORRECT empty gives 127", script: `POSIXLY_CORRECT= nohup -x`},
		{name: "B4 full argv0 everywhere", script: `"$BIN/nohup" -x`},
		{name: "B4 sysprims-nohup name", script: `sysprims-nohup -x`},
		// B5: no operand.
		{name: "B5 no arguments", script: `nohup`},
		{name: "B5 double dash only", script: `nohup --`},
		{name: "B5 POSIXLY_CORRECT", script: `POSIXLY_CORRECT=1 nohup`},
		{name: "B5 full argv0", script: `"$BIN/nohup"`},
		// B6: write errors.
		{name: "B6 help to a full device", script: `nohup --help >/dev/full`},
		{name: "B6 version to a full device, POSIXLY_CORRECT", script: `POSIXLY_CORRECT= nohup --version >/dev/full`},
		{
			name: "B6 version to a closed stdout", divergence: runtimeFDs,
			script: `nohup --version >&-; echo rc=$?`,
			ours:   diverge(func(o *dropinOutcome) { o.Stdout, o.Stderr = "rc=0\n", "" }),
		},
		// B7: stdin.
		{name: "B7 a terminal stdin becomes write-only /dev/null", tty: true, script: `nohup cat >o 2>e; echo rc=$?`},
		{name: "B7 the new stdin's flags", tty: true, script: `nohup sh -c 'readlink /proc/$$/fd/0; grep flags /proc/$$/fdinfo/0' >o 2>e; echo rc=$?`},
		{name: "B7 a pipe on stdin is left alone", script: `echo hi | nohup cat`},
		{
			name: "B7 a closed stdin", divergence: runtimeFDs,
			script: `nohup sh -c 'test -e /proc/$$/fd/0 && echo stdin-open || echo stdin-closed' <&-`,
			ours:   diverge(func(o *dropinOutcome) { o.Stdout = "stdin-open\n" }),
		},
		// B8: nohup.out.
		{name: "B8 all terminals", tty: true, script: `nohup ` + both + `; echo rc=$?`},
		{name: "B8 mode 0600 whatever the umask", tty: true, script: `umask 0277; nohup true; echo rc=$?`},
		{name: "B8 the command gets the original umask", tty: true, script: `umask 027; nohup sh -c umask; echo rc=$?`},
		{name: "B8 an existing file keeps its mode and is appended to", tty: true, script: `printf 'old\n' > nohup.out; chmod 644 nohup.out; nohup echo new; echo rc=$?`},
		{name: "B8 a symlink is followed", tty: true, script: `printf 'old\n' > t; ln -s t nohup.out; nohup echo new; echo rc=$?`},
		{name: "B8 a dangling symlink is followed", tty: true, script: `ln -s target nohup.out; nohup echo new; echo rc=$?`},
		{name: "B8 no terminal, no nohup.out", script: `nohup echo hi`},
		// B9: the HOME fallback.
		{name: "B9 fallback to HOME", tty: true, script: `mkdir nohup.out; nohup echo hi; echo rc=$?`},
		{name: "B9 both fail", tty: true, script: `mkdir nohup.out "$HOME/nohup.out"; nohup echo hi; echo rc=$?`},
		{name: "B9 both fail, POSIXLY_CORRECT", tty: true, script: `mkdir nohup.out "$HOME/nohup.out"; POSIXLY_CORRECT= nohup echo hi; echo rc=$?`},
		{name: "B9 HOME unset", tty: true, script: `mkdir nohup.out; env -u HOME nohup echo hi; echo rc=$?`},
		{name: "B9 HOME empty", tty: true, script: `mkdir nohup.out; HOME= nohup echo hi; echo rc=$?`},
		{name: "B9 HOME with trailing slashes", tty: true, script: `mkdir nohup.out; HOME=$HOME// nohup echo hi; echo rc=$?`},
		{name: "B9 HOME quoted in the message", tty: true, script: `mkdir nohup.out; HOME="$HOME/it's"; mkdir "$HOME"; nohup echo hi; echo rc=$?`},
		{name: "B9 non-root falls back to HOME", tty: true, nobody: true, script: `chown 65534 "$HOME"; $NB nohup echo hi; echo rc=$?`},
		{name: "B9 non-root, both fail", tty: true, nobody: true, script: `$NB nohup echo hi; echo rc=$?`},
		{name: "B9 non-root in a writable folder", tty: true, nobody: true, script: `chown 65534 .; $NB nohup echo hi; echo rc=$?`},
		// B10: closed stdout.
		{
			name: "B10 stdout closed, stderr a terminal", tty: true, divergence: runtimeFDs,
			script: `nohup ` + both + ` >&-; echo rc=$?`,
			ours: diverge(func(o *dropinOutcome) {
				o.Stdout = "nohup: ignoring input and redirecting stderr to stdout\nrc=0\n"
				o.Files = []string{"h drwxr-xr-x", "w drwxr-xr-x"}
			}),
		},
		{
			name: "B10 stdout closed, stderr a file", tty: true, divergence: runtimeFDs,
			script: `nohup ` + both + ` >&- 2>e; echo rc=$?`,
			ours: diverge(func(o *dropinOutcome) {
				o.Files = []string{"h drwxr-xr-x", "w drwxr-xr-x", "w/e -rw-r--r--: nohup: ignoring input\ne\n"}
			}),
		},
		// B11: only SIGHUP changes.
		{name: "B11 SIGHUP ignored, mask empty", script: `nohup ` + sigs + ` </dev/null`},
		{name: "B11 on a terminal", tty: true, script: `nohup ` + sigs + ` >o; echo rc=$?`},
		{name: "B11 an ignored INT stays ignored", script: `trap '' INT; nohup ` + sigs},
		{
			name: "B11 ignored TERM and PIPE", divergence: runtimeSigs,
			script: `trap '' TERM PIPE; nohup ` + sigs,
			ours: diverge(func(o *dropinOutcome) {
				o.Stdout = strings.Replace(o.Stdout, "0000000000005001", "0000000000000001", 1)
			}),
		},
		{name: "B11 environment, folder and umask kept", script: `umask 022; FOO=bar nohup sh -c 'pwd; echo $FOO; umask'`},
		// B12: exec in place.
		{name: "B12 same PID", script: `exec nohup sh -c 'test $$ = "$1" && echo same-pid' sh $$`},
		{name: "B12 the exit status is the command's", script: `nohup sh -c 'exit 42'; echo rc=$?`},
		{name: "B12 a signal stays a signal", script: `nohup sh -c 'kill $$'; echo rc=$?`},
		{name: "B12 no extra descriptor", script: `nohup sh -c '` + ownFDs + `'`},
		{name: "B12 no extra descriptor on a terminal", tty: true, script: `nohup sh -c '` + ownFDs + `'; echo rc=$?`},
		// B14: a message that cannot be written.
		{name: "B14 stderr full", tty: true, script: `nohup echo hi 2>/dev/full; echo rc=$?`},
		{name: "B14 stderr full, stdout a file", tty: true, script: `nohup echo hi >f 2>/dev/full; echo rc=$?`},
		{name: "B14 stderr full, POSIXLY_CORRECT", tty: true, script: `POSIXLY_CORRECT= nohup echo hi 2>/dev/full; echo rc=$?`},
		{
			name: "B14 stderr closed", tty: true, divergence: runtimeFDs,
			script: `nohup echo hi 2>&-; echo rc=$?`,
			ours: diverge(func(o *dropinOutcome) {
				o.Stdout = "rc=0\n"
				o.Files = []string{"h drwxr-xr-x", "w drwxr-xr-x", "w/nohup.out -rw-------: hi\n"}
			}),
		},
		// B15: exec failures.
		{name: "B15 not found on a terminal", tty: true, script: `nohup nonexistent; echo rc=$?`},
		{name: "B15 not executable, POSIXLY_CORRECT", tty: true, script: `POSIXLY_CORRECT= nohup /tmp; echo rc=$?`},
		{name: "B15 message on the original stderr", tty: true, script: `nohup nonexistent >f; echo rc=$?`},
		{name: "B15 original stderr closed", script: `nohup nonexistent </dev/null >o 2>&-; echo rc=$?`},
		{name: "B15 not found, POSIXLY_CORRECT", script: `POSIXLY_CORRECT= nohup nonexistent`},
		{name: "B15 a directory", script: `nohup /tmp`},
		// B16: quoting.
		{name: "B16 plain name", script: `nohup abc`},
		{name: "B16 space", script: `nohup 'a b'`},
		{name: "B16 single quote", script: `nohup "it's"`},
		{name: "B16 dollar and quote", script: `nohup "a'\$b"`},
		{name: "B16 newline", script: `nohup "$(printf 'a\nb')"`},
		{name: "B16 non-ASCII in the C locale", script: `nohup héllo`},
		{name: "B16 non-ASCII in a UTF-8 locale", script: `LC_ALL=C.UTF-8 nohup héllo`},
		{name: "B16 quote and trailing newline", script: `x=$(printf "it's\n."); nohup "${x%.}"`},
		{name: "B16 newline, quote, newline", script: `x=$(printf "\n'\n."); nohup "${x%.}"`},
	}
	// B13: every combination of terminal (T) and file (F).
	for _, in := range []string{"T", "F"} {
		for _, out := range []string{"T", "F"} {
			for _, errs := range []string{"T", "F"} {
				redir := ""
				if in == "F" {
					redir += " </dev/null"
				}
				if out == "F" {
					redir += " >f"
				}
				if errs == "F" {
					redir += " 2>g"
				}
				cases = append(cases, dropinCase{
					name: "B13 " + in + out + errs, tty: true,
					script: `nohup ` + both + redir + `; echo rc=$?`,
				})
			}
		}
	}
	return cases
}
