//go:build linux

package spawn_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/spawn"
)

// run runs c with its stdout and stderr captured (unless set) and returns them.
func run(t *testing.T, c *spawn.Cmd) (stdout, stderr string, st exitcode.Status) {
	t.Helper()
	var out, errb bytes.Buffer
	if c.Stdout == nil {
		c.Stdout = &out
	}
	if c.Stderr == nil {
		c.Stderr = &errb
	}
	st, err := c.Run()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out.String(), errb.String(), st
}

func TestCmdEnvDirArgs(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "hello")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho hello from \"$0\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SPAWN_TEST_INHERITED", "from the caller")
	tests := []struct {
		name string
		cmd  *spawn.Cmd
		want string
	}{
		{"env nil inherits", spawn.Command("sh", "-c", `echo "$SPAWN_TEST_INHERITED"`), "from the caller\n"},
		{"env replaces", &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", `echo "${SPAWN_TEST_INHERITED-unset} $ONLY"`},
			Env: []string{"ONLY=this", "PATH=" + os.Getenv("PATH")}}, "unset this\n"},
		{"dir", &spawn.Cmd{Path: "pwd", Dir: dir}, dir + "\n"},
		{"relative path from dir", &spawn.Cmd{Path: "./hello", Dir: dir}, "hello from ./hello\n"},
		{"argv0 apart from path", &spawn.Cmd{Path: "sh", Args: []string{"my-shell", "-c", `echo "$0"`}}, "my-shell\n"},
		{"PATH of Env", &spawn.Cmd{Path: "hello", Env: []string{"PATH=" + dir}}, "hello from " + script + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, st := run(t, tt.cmd)
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if !st.Success() {
				t.Errorf("status %v, want success", st)
			}
		})
	}
}

func TestCmdStdio(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var both bytes.Buffer
	tests := []struct {
		name             string
		cmd              *spawn.Cmd
		wantOut, wantErr string
	}{
		{"reader to writer", &spawn.Cmd{Path: "cat", Stdin: strings.NewReader("through a pipe\n")}, "through a pipe\n", ""},
		{"separate streams", spawn.Command("sh", "-c", "echo out; echo err >&2"), "out\n", "err\n"},
		{"one writer for both", &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", "echo out; echo err >&2"}, Stdout: &both, Stderr: &both}, "", ""},
		{"a file as it is", &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", "echo to the file"}, Stdout: f}, "", ""},
		{"reader the command ignores", &spawn.Cmd{Path: "true", Stdin: bytes.NewReader(make([]byte, 1<<20))}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, st := run(t, tt.cmd)
			if diff := cmp.Diff([]string{tt.wantOut, tt.wantErr}, []string{out, errs}); diff != "" {
				t.Errorf("stdout, stderr (-want +got):\n%s", diff)
			}
			if !st.Success() {
				t.Errorf("status %v, want success", st)
			}
		})
	}
	if diff := cmp.Diff("out\nerr\n", both.String()); diff != "" {
		t.Errorf("shared writer (-want +got):\n%s", diff)
	}
	got, _ := os.ReadFile(file)
	if diff := cmp.Diff("to the file\n", string(got)); diff != "" {
		t.Errorf("file (-want +got):\n%s", diff)
	}
}

// TestCmdLeavesNothingInTheCommand checks what the command inherits when
// its stdio are pipes: three descriptors, no signal blocked or ignored,
// no protocol variable.
func TestCmdLeavesNothingInTheCommand(t *testing.T) {
	pipes := func(c *spawn.Cmd) *spawn.Cmd {
		c.Stdin, c.Setsid = strings.NewReader(""), true
		return c
	}
	fds, _, _ := run(t, pipes(spawn.Command("ls", "/proc/self/fd")))
	// ls's own directory is fd 3; the caller's own inheritable
	// descriptors (from whoever started the test) are the caller's to pass.
	want := append([]string{"0", "1", "2", "3"}, inheritableFDs(t)...)
	slices.Sort(want)
	if diff := cmp.Diff(strings.Join(want, "\n")+"\n", fds); diff != "" {
		t.Errorf("command's fds (-want +got):\n%s", diff)
	}
	status, _, _ := run(t, pipes(spawn.Command("cat", "/proc/self/status")))
	for _, field := range []string{"SigBlk", "SigIgn"} {
		if !strings.Contains(status, "\n"+field+":\t0000000000000000\n") {
			t.Errorf("command's %s is not empty:\n%s", field, status)
		}
	}
	env, _, _ := run(t, pipes(spawn.Command("env")))
	if strings.Contains(strings.ToLower(env), "sysprims") {
		t.Errorf("the protocol reached the command's environment:\n%s", env)
	}
}

type waitResult struct {
	st  exitcode.Status
	err error
}

// waitAsync waits for c on a goroutine of its own.
func waitAsync(c *spawn.Cmd) <-chan waitResult {
	done := make(chan waitResult, 1)
	go func() {
		st, err := c.Wait()
		done <- waitResult{st, err}
	}()
	return done
}

// inheritableFDs lists the caller's descriptors above 2 without
// close-on-exec.
func inheritableFDs(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var fds []string
	for _, e := range ents {
		fd, _ := strconv.Atoi(e.Name())
		if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && fd > 2 && flags&unix.FD_CLOEXEC == 0 {
			fds = append(fds, e.Name())
		}
	}
	return fds
}

func TestCmdPIDAndSignal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", "echo $$; exec sleep 100"}, Stdout: w}
	if c.PID() != 0 {
		t.Errorf("PID before Start = %d, want 0", c.PID())
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	line, _ := bufio.NewReader(r).ReadString('\n')
	if got := strings.TrimSpace(line); got != strconv.Itoa(c.PID()) {
		t.Errorf("the command says its PID is %q; PID() = %d", got, c.PID())
	}
	done := waitAsync(c)
	// Signal while another goroutine waits.
	if err := c.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("Signal: %v", err)
	}
	res := <-done
	if res.err != nil || res.st.Signal != syscall.SIGTERM {
		t.Errorf("Wait = %v, %v; want killed by SIGTERM", res.st, res.err)
	}
	if err := c.Signal(syscall.SIGTERM); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Signal after Wait = %v, want os.ErrProcessDone", err)
	}
	assertNoChildren(t)
}

func TestCmdSignalGroup(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The shell's background sleep is in the command's group: the group
	// signal reaches it too, so the pipe's last writer goes away.
	c := &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", "sleep 100 & echo started; wait"}, Stdout: w, Setsid: true}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	br := bufio.NewReader(r)
	if line, _ := br.ReadString('\n'); line != "started\n" {
		t.Fatalf("read %q, want started", line)
	}
	if err := c.SignalGroup(syscall.SIGKILL); err != nil {
		t.Fatalf("SignalGroup: %v", err)
	}
	if st, err := c.Wait(); err != nil || st.Signal != syscall.SIGKILL {
		t.Errorf("Wait = %v, %v; want killed by SIGKILL", st, err)
	}
	if rest, _ := br.ReadString('\n'); rest != "" {
		t.Errorf("read %q after the group was killed, want EOF", rest)
	}
	if err := spawn.Command("true").SignalGroup(syscall.SIGTERM); err == nil {
		t.Error("SignalGroup before Start succeeded")
	}
	noSession := spawn.Command("true")
	if err := noSession.Start(); err != nil {
		t.Fatal(err)
	}
	if err := noSession.SignalGroup(syscall.SIGTERM); err == nil {
		t.Error("SignalGroup without Setsid succeeded")
	}
	_, _ = noSession.Wait()
}

func TestCmdContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := spawn.CommandContext(ctx, "sh", "-c", "sleep 100 & exec sleep 100")
	c.Setsid = true
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	cancel()
	st, err := c.Wait()
	if !errors.Is(err, context.Canceled) || st.Signal != syscall.SIGKILL {
		t.Errorf("Wait = %v, %v; want killed by SIGKILL and context.Canceled", st, err)
	}
	if err := unix.Kill(-c.PID(), 0); err != unix.ESRCH {
		t.Errorf("the command's group survived the cancel: kill(-%d, 0) = %v", c.PID(), err)
	}
	assertNoChildren(t)

	done := spawn.CommandContext(ctx, "sh", "-c", "echo ran >&2")
	if err := done.Start(); !errors.Is(err, context.Canceled) || done.PID() != 0 {
		t.Errorf("Start with a done context = %v (PID %d), want context.Canceled and nothing started", err, done.PID())
	}
}

func TestCmdStartThenWait(t *testing.T) {
	c := spawn.Command("sh", "-c", "exit 4")
	if _, err := c.Wait(); err == nil {
		t.Error("Wait before Start succeeded")
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err == nil {
		t.Error("second Start succeeded")
	}
	if st, err := c.Wait(); err != nil || st != (exitcode.Status{Code: 4}) {
		t.Errorf("Wait = %v, %v; want exit status 4", st, err)
	}
	if _, err := c.Wait(); err == nil {
		t.Error("second Wait succeeded")
	}

	d := &spawn.Cmd{Path: "true", Detach: true, Setsid: true}
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Wait(); !errors.Is(err, spawn.ErrDetached) {
		t.Errorf("Wait on a detached command = %v, want ErrDetached", err)
	}
	assertNoChildren(t)
}

func TestCmdErrors(t *testing.T) {
	dir := t.TempDir()
	notExec := filepath.Join(dir, "not-executable")
	if err := os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tests := []struct {
		name  string
		cmd   *spawn.Cmd
		is    error // errors.Is target, or nil
		check func(error) bool
	}{
		{"not found", spawn.Command("sysprims-no-such-command"), fs.ErrNotExist, isExecError(exitcode.NotFound)},
		{"not executable", spawn.Command(notExec), fs.ErrPermission, isExecError(exitcode.CannotInvoke)},
		{"empty", spawn.Command(""), spawn.ErrEmptyCommand, nil},
		{"no such dir", &spawn.Cmd{Path: "true", Dir: filepath.Join(dir, "nope")}, fs.ErrNotExist, isPathError("chdir")},
		{"dir is a file", &spawn.Cmd{Path: "true", Dir: notExec}, syscall.ENOTDIR, isPathError("chdir")},
		{"ctty without setsid", &spawn.Cmd{Path: "true", Ctty: true}, nil, nil},
		{"output without nohup", &spawn.Cmd{Path: "true", NohupOutput: filepath.Join(dir, "o")}, nil, nil},
		{"output and stdout", &spawn.Cmd{Path: "true", Nohup: true, NohupOutput: filepath.Join(dir, "o"), Stdout: &buf}, nil, nil},
		{"detach and forward", &spawn.Cmd{Path: "true", Detach: true, ForwardSignals: true}, nil, nil},
		{"detach and a buffer", &spawn.Cmd{Path: "true", Detach: true, Stdout: &buf}, nil, nil},
		{"detach and pdeathsig", &spawn.Cmd{Path: "true", Detach: true, Pdeathsig: syscall.SIGTERM}, nil, nil},
		{"ctty without a terminal", &spawn.Cmd{Path: "true", Setsid: true, Ctty: true, Stdin: strings.NewReader("")}, syscall.ENOTTY, isStepError("ctty")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cmd.Start()
			if err == nil {
				_, _ = tt.cmd.Wait()
				t.Fatal("Start succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Start = %v, want a match for %v", err, tt.is)
			}
			if tt.check != nil && !tt.check(err) {
				t.Errorf("Start = %v (%T): not the kind of error wanted", err, err)
			}
			if tt.cmd.PID() != 0 {
				t.Errorf("PID() = %d after a failed Start, want 0", tt.cmd.PID())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "o")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused Cmd left its output file: %v", err)
	}
	assertNoChildren(t)
}

func isExecError(code int) func(error) bool {
	return func(err error) bool {
		var ee *spawn.ExecError
		return errors.As(err, &ee) && ee.ExitCode() == code && ee.Name != ""
	}
}

func isPathError(op string) func(error) bool {
	return func(err error) bool {
		var pe *fs.PathError
		return errors.As(err, &pe) && pe.Op == op
	}
}

func isStepError(step string) func(error) bool {
	return func(err error) bool {
		var se *spawn.StepError
		return errors.As(err, &se) && se.Step == step
	}
}

// TestCmdNohup checks the Nohup fields: SIGHUP ignored in the command (and
// not in the caller), its output appended to NohupOutput, named by
// OutputFile.
func TestCmdNohup(t *testing.T) {
	before := callerState(t)
	out := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(out, []byte("earlier\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", "grep SigIgn /proc/self/status"}, Nohup: true, NohupOutput: out}
	if st, err := c.Run(); err != nil || !st.Success() {
		t.Fatalf("Run = %v, %v", st, err)
	}
	if c.OutputFile() != out {
		t.Errorf("OutputFile() = %q, want %q", c.OutputFile(), out)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || lines[0] != "earlier" {
		t.Fatalf("output file holds %q, want the earlier line then the command's", b)
	}
	if mask := ignoredMask(t, lines[1]); mask&(1<<(syscall.SIGHUP-1)) == 0 {
		t.Errorf("the command's %s: SIGHUP not ignored", lines[1])
	}
	if diff := cmp.Diff(before, callerState(t)); diff != "" {
		t.Errorf("caller state changed (-before +after):\n%s", diff)
	}
}

// TestCmdForwardSignals sends the caller a signal while it waits: the
// command gets it, and the caller's own handling is as before afterwards.
func TestCmdForwardSignals(t *testing.T) {
	before := callerState(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := &spawn.Cmd{Path: "sh", Args: []string{"sh", "-c", `trap 'exit 3' USR1; echo ready; while :; do sleep 0.01; done`},
		Stdout: w, Setsid: true, ForwardSignals: true}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	done := waitAsync(c)
	if line, _ := bufio.NewReader(r).ReadString('\n'); line != "ready\n" {
		t.Fatalf("read %q, want ready", line)
	}
	if err := unix.Kill(unix.Getpid(), unix.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil || res.st != (exitcode.Status{Code: 3}) {
		t.Errorf("Wait = %v, %v; want exit status 3 from the trap", res.st, res.err)
	}
	r.Close()
	// A Go program that asks for a signal gets the runtime's signal-mask
	// thread, which blocks what nobody asked for: one thread's SigBlk is
	// the runtime's, not ours.
	after := callerState(t)
	delete(before, "SigBlk")
	delete(after, "SigBlk")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("caller state changed (-before +after):\n%s", diff)
	}
}
