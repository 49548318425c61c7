//go:build unix

package spawn_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/spawn"
)

func TestConfigDefaults(t *testing.T) {
	if diff := cmp.Diff(spawn.SetsidConfig{Wait: false, Ctty: false}, spawn.SetsidConfig{}); diff != "" {
		t.Errorf("SetsidConfig zero value mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(spawn.NohupConfig{OutputFile: "", Wait: false}, spawn.NohupConfig{}); diff != "" {
		t.Errorf("NohupConfig zero value mismatch (-want +got):\n%s", diff)
	}
}

func TestRunSetsidWaitStatus(t *testing.T) {
	tests := []struct {
		script string
		want   exitcode.Status
	}{
		{"exit 0", exitcode.Status{}},
		{"exit 7", exitcode.Status{Code: 7}},
		{"kill -TERM $$", exitcode.Status{Signal: syscall.SIGTERM}},
		// The command leads its own session and group, and has no terminal.
		{`set -- $(cut -d' ' -f5,6,7 /proc/$$/stat); [ "$1 $2 $3" = "$$ $$ 0" ]`, exitcode.Status{}},
	}
	for _, tt := range tests {
		out, err := spawn.RunSetsid("sh", []string{"-c", tt.script}, spawn.SetsidConfig{Wait: true})
		if err != nil {
			t.Fatalf("%s: %v", tt.script, err)
		}
		if !out.Completed() || out.PID <= 0 {
			t.Fatalf("%s: outcome %+v, want completed with a PID", tt.script, out)
		}
		if diff := cmp.Diff(tt.want, *out.Status); diff != "" {
			t.Errorf("%s: status mismatch (-want +got):\n%s", tt.script, diff)
		}
	}
}

func TestExecErrors(t *testing.T) {
	dir := t.TempDir()
	notExec := filepath.Join(dir, "not-executable")
	if err := os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, command string
		target        error
		code          int
	}{
		{"not found", "sysprims-no-such-command", fs.ErrNotExist, 127},
		{"not executable", notExec, fs.ErrPermission, 126},
		{"directory", dir, fs.ErrPermission, 126},
	}
	for _, tt := range tests {
		for _, wait := range []bool{false, true} {
			_, err := spawn.RunSetsid(tt.command, nil, spawn.SetsidConfig{Wait: wait})
			var ee *spawn.ExecError
			if !errors.As(err, &ee) || !errors.Is(err, tt.target) || exitcode.FromError(err) != tt.code {
				t.Errorf("%s (wait=%v): err %v, code %d; want %v, %d", tt.name, wait, err, exitcode.FromError(err), tt.target, tt.code)
			}
			_, err = spawn.RunNohup(tt.command, nil, spawn.NohupConfig{Wait: wait})
			if !errors.Is(err, tt.target) || exitcode.FromError(err) != tt.code {
				t.Errorf("nohup %s (wait=%v): err %v; want %v", tt.name, wait, err, tt.target)
			}
		}
	}
	if _, err := spawn.RunSetsid("", nil, spawn.SetsidConfig{}); !errors.Is(err, spawn.ErrEmptyCommand) {
		t.Errorf("empty command: %v, want ErrEmptyCommand", err)
	}
	assertNoChildren(t)
}

func TestRunNohupOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.log")
	old := syscall.Umask(0o077 | 0o200) // even a umask that removes u+w gives 0600
	defer syscall.Umask(old)
	res, err := spawn.RunNohup("sh", []string{"-c", "echo out; grep SigIgn /proc/$$/status"}, spawn.NohupConfig{OutputFile: out, Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.OutputFile != out || !res.Status.Success() {
		t.Errorf("outcome %+v, want output %s and success", res, out)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "out\nSigIgn:") {
		t.Errorf("output file holds %q", got)
	}
	if mask := ignoredMask(t, string(got)); mask&1 == 0 {
		t.Errorf("SIGHUP not ignored in the command: SigIgn %#x", mask)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("output file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestRunNohupFailedExecRemovesCreatedFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.log")
	if _, err := spawn.RunNohup("sysprims-no-such-command", nil, spawn.NohupConfig{OutputFile: out}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not found", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output file left behind after a failed exec: %v", err)
	}
}

func TestDetachedLeavesNoZombie(t *testing.T) {
	res, err := spawn.RunSetsid("true", nil, spawn.SetsidConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Completed() || res.PID <= 0 {
		t.Errorf("outcome %+v, want spawned with a PID", res)
	}
	n, err := spawn.RunNohup("true", nil, spawn.NohupConfig{})
	if err != nil || n.Completed() || n.OutputFile != "" {
		t.Errorf("nohup outcome %+v, %v; want spawned, no output file (stdout is not a terminal)", n, err)
	}
	assertNoChildren(t)
}

func TestContextCancelKillsAndReaps(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "running")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Opening the FIFO blocks until the command opens it to write:
		// then it is certainly running, and cancelling must kill it.
		if b, err := os.ReadFile(fifo); err == nil && len(b) > 0 {
			cancel()
		}
	}()
	res, err := spawn.RunSetsidContext(ctx, "sh", []string{"-c", "echo up > " + fifo + "; exec sleep 1000"}, spawn.SetsidConfig{Wait: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RunSetsidContext = %v, want context.Canceled", err)
	}
	if res.Status == nil || res.Status.Signal != syscall.SIGKILL {
		t.Errorf("status %v, want killed by SIGKILL", res.Status)
	}
	assertNoChildren(t)
}

// TestCallerUnchanged proves that spawning changes nothing in the caller:
// its signal dispositions and mask, session, process group and open fds.
func TestCallerUnchanged(t *testing.T) {
	before := callerState(t)
	if _, err := spawn.RunNohup("true", nil, spawn.NohupConfig{Wait: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := spawn.RunSetsid("true", nil, spawn.SetsidConfig{Wait: true}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, callerState(t)); diff != "" {
		t.Errorf("caller state changed (-before +after):\n%s", diff)
	}
	if signal.Ignored(syscall.SIGHUP) && !strings.Contains(before["ignored-at-start"], "HUP") {
		t.Error("RunNohup left SIGHUP ignored in the caller")
	}
}

func callerState(t *testing.T) map[string]string {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc")
	}
	st := map[string]string{}
	for _, line := range strings.Split(string(status), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && (k == "SigIgn" || k == "SigCgt" || k == "SigBlk") {
			st[k] = strings.TrimSpace(v)
		}
	}
	sid, _ := unix.Getsid(0)
	st["sid"] = itoa(sid)
	st["pgrp"] = itoa(unix.Getpgrp())
	ents, _ := os.ReadDir("/proc/self/fd")
	var fds []string
	for _, e := range ents {
		if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && !strings.HasPrefix(target, "/proc/") {
			fds = append(fds, e.Name()+"="+target)
		}
	}
	st["fds"] = strings.Join(fds, " ")
	if signal.Ignored(syscall.SIGHUP) {
		st["ignored-at-start"] = "HUP"
	}
	return st
}

func ignoredMask(t *testing.T, status string) uint64 {
	t.Helper()
	_, rest, _ := strings.Cut(status, "SigIgn:")
	var mask uint64
	for _, c := range strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0]) {
		mask = mask<<4 | uint64(strings.IndexRune("0123456789abcdef", c))
	}
	return mask
}

func assertNoChildren(t *testing.T) {
	t.Helper()
	if pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil); err != syscall.ECHILD {
		t.Errorf("a child is left behind: wait4(-1) = %d, %v", pid, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
