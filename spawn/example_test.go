//go:build unix

package spawn_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/sysprims/sysprims/spawn"
)

func ExampleRunSetsid() {
	out, err := spawn.RunSetsid("sh", []string{"-c", "exit 3"}, spawn.SetsidConfig{Wait: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Completed(), out.Status.ExitCode())
	// Output: true 3
}

func ExampleRunSetsid_notFound() {
	_, err := spawn.RunSetsid("no-such-command", nil, spawn.SetsidConfig{})
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	fmt.Println(err)
	// Output:
	// true
	// failed to execute no-such-command: no such file or directory
}

func ExampleRunSetsidContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // already cancelled: nothing is started
	_, err := spawn.RunSetsidContext(ctx, "sleep", []string{"10"}, spawn.SetsidConfig{Wait: true})
	fmt.Println(err)
	// Output: context canceled
}

func ExampleRunNohup() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	log := filepath.Join(dir, "out.log")
	out, err := spawn.RunNohup("echo", []string{"hello"}, spawn.NohupConfig{OutputFile: log, Wait: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(log)
	fmt.Printf("%s%s %v\n", b, filepath.Base(out.OutputFile), out.Status)
	// Output:
	// hello
	// out.log exit status 0
}

func ExampleRunNohupContext() {
	out, err := spawn.RunNohupContext(context.Background(), "true", nil, spawn.NohupConfig{Wait: true})
	fmt.Println(out.Status, err)
	// Output: exit status 0 <nil>
}

// Pid 0 names the caller. The value itself can be 0 when the session leader
// lives outside the caller's PID namespace, as in most containers.
func ExampleGetsid() {
	self, err := spawn.Getsid(0)
	if err != nil {
		fmt.Println(err)
		return
	}
	byPid, _ := spawn.Getsid(os.Getpid())
	fmt.Println(self == byPid)
	// Output: true
}

// Pid 0 names the caller, as for getpgid(2).
func ExampleGetpgid() {
	self, err := spawn.Getpgid(0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(self == syscall.Getpgrp())
	// Output: true
}

// Setsid changes the calling process, so this example is compiled but not
// run: a program that already leads a process group gets EPERM.
func ExampleSetsid() {
	sid, err := spawn.Setsid()
	if err != nil {
		fmt.Println("already a group leader:", err)
		return
	}
	fmt.Println("new session", sid)
}

// Setpgid(0, 0) makes the caller the leader of a new process group.
func ExampleSetpgid() {
	if err := spawn.Setpgid(0, 0); err != nil {
		fmt.Println(err)
	}
}
