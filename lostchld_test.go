//go:build linux

package main

// A waiting sysprims must not depend on a SIGCHLD for every exit: a tracer
// that detaches while one is pending (strace killed by a closed pipe, a
// debugger) loses it. Here a ptrace helper discards every SIGCHLD sent to
// sysprims, which must still notice that its command exited.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func init() { testHelpers["sigchld-dropper"] = dropSIGCHLD }

// dropSIGCHLD traces every thread of the process args[0] and lets every
// signal through but SIGCHLD, until the process is gone. It prints
// "attached" once it traces all threads, and "dropped N" at the end.
func dropSIGCHLD(args []string) int {
	pid, err := strconv.Atoi(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "sigchld-dropper: want a PID")
		return 2
	}
	// Every ptrace request must come from the tracing thread.
	runtime.LockOSThread()
	traced := map[int]bool{}
	for more := true; more; {
		more = false
		tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		if err != nil {
			fmt.Fprintln(os.Stderr, "sigchld-dropper:", err)
			return 1
		}
		for _, task := range tasks {
			tid, _ := strconv.Atoi(task.Name())
			if traced[tid] {
				continue
			}
			// Threads started from now on are traced too (TRACECLONE).
			_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SEIZE, uintptr(tid), 0, unix.PTRACE_O_TRACECLONE, 0, 0)
			if errno != 0 && errno != unix.ESRCH {
				fmt.Fprintln(os.Stderr, "sigchld-dropper: seize", tid, errno)
				return 1
			}
			traced[tid], more = true, true
		}
	}
	fmt.Println("attached")
	dropped := 0
	for {
		var ws unix.WaitStatus
		tid, err := unix.Wait4(-1, &ws, unix.WALL, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil { // ECHILD: every traced thread is gone
			break
		}
		if !ws.Stopped() {
			continue
		}
		sig := ws.StopSignal()
		switch {
		case int(ws)>>16 != 0: // a ptrace event: a new thread, a stop
			sig = 0
		case sig == unix.SIGCHLD:
			dropped++
			sig = 0
		}
		_ = unix.PtraceCont(tid, int(sig))
	}
	fmt.Println("dropped", dropped)
	return 0
}

// TestWaitSurvivesLostSIGCHLD runs a waiting sysprims whose every SIGCHLD is
// discarded, plain, as a subreaper and as PID 1: each must still exit with
// its command's status.
func TestWaitSurvivesLostSIGCHLD(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		requirement(t, "root, to trace a process that is not the tracer's child")
	}
	bin := binDir(t)
	sysprims := filepath.Join(bin, "sysprims")
	dropper := filepath.Join(bin, "sigchld-dropper")
	self, _ := os.Executable()
	if err := os.Symlink(self, dropper); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ns   bool
		args []string
	}{
		{"setsid --wait", false, []string{"setsid", "--wait", "--"}},
		{"nohup --wait", false, []string{"nohup", "--wait", "--output", "/dev/null", "--"}},
		{"init --no-subreaper", false, []string{"init", "--quiet", "--no-subreaper", "--"}},
		{"init --subreaper", false, []string{"init", "--subreaper", "--"}},
		{"init as PID 1", true, []string{"init", "--"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ready, exit := filepath.Join(dir, "ready"), filepath.Join(dir, "exit")
			script := fmt.Sprintf(": >%s; while [ ! -e %s ]; do sleep 0.01; done; exit 7", ready, exit)
			argv := append(append([]string{sysprims}, tc.args...), "sh", "-c", script)
			p := startInit(t, tc.ns, nil, argv...)
			waitUntil(t, "the command to start", p.ended, func() bool { return exists(ready) })

			tracer := exec.Command(dropper, strconv.Itoa(p.pid))
			out, err := tracer.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			tracer.Stderr = os.Stderr
			if err := tracer.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = tracer.Process.Kill(); _ = tracer.Wait() })
			lines := bufio.NewScanner(out)
			if !lines.Scan() || lines.Text() != "attached" {
				t.Fatalf("sigchld-dropper did not attach: %q", lines.Text())
			}

			if err := os.WriteFile(exit, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			res := p.wait(t)
			if res.Code != 7 {
				t.Errorf("exit status %d, want 7 (the command's); stderr %q", res.Code, res.Stderr)
			}
			// The test proves something only if a SIGCHLD was lost.
			lines.Scan()
			if n, _ := strings.CutPrefix(lines.Text(), "dropped "); n == "" || n == "0" {
				t.Errorf("sigchld-dropper reported %q, want at least one SIGCHLD dropped", lines.Text())
			}
		})
	}
}
