//go:build unix

package spawn_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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

func ExampleGetsid() {
	sid, err := spawn.Getsid(0)
	fmt.Println(sid > 0, err)
	// Output: true <nil>
}

func ExampleGetpgid() {
	pgid, err := spawn.Getpgid(0)
	fmt.Println(pgid > 0, err)
	// Output: true <nil>
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
