//go:build unix

package spawn_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sysprims/sysprims/spawn"
)

// A daemon: started in a session of its own and detached, so it outlives
// the caller's terminal and is never the caller's zombie.
func ExampleCommand() {
	c := spawn.Command("sleep", "1")
	c.Setsid, c.Detach = true, true
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.PID() > 0)
	// Output: true
}

// Supervised: the caller's signals go to the command's process group while
// it waits, and a done context kills the group.
func ExampleCommandContext() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := spawn.CommandContext(ctx, "sh", "-c", "exit 3")
	c.Setsid, c.ForwardSignals = true, true
	st, err := c.Run()
	fmt.Println(st, err)
	// Output: exit status 3 <nil>
}

func ExampleCmd_Run() {
	var out bytes.Buffer
	c := spawn.Command("sh", "-c", `echo "$GREETING from $(pwd)"`)
	c.Env = []string{"GREETING=hello", "PATH=/usr/bin:/bin"}
	c.Dir = "/"
	c.Stdout = &out
	st, err := c.Run()
	fmt.Print(out.String())
	fmt.Println(st, err)
	// Output:
	// hello from /
	// exit status 0 <nil>
}

// Nohup'd with its output appended to a file of the caller's choosing.
func ExampleCmd_OutputFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	c := spawn.Command("echo", "logged")
	c.Nohup, c.NohupOutput = true, filepath.Join(dir, "out.log")
	if _, err := c.Run(); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(c.OutputFile())
	fmt.Printf("%s: %s", filepath.Base(c.OutputFile()), b)
	// Output: out.log: logged
}

// Start, learn the PID, then wait: the command's own $$ is the PID.
func ExampleCmd_Start() {
	var out strings.Builder
	c := spawn.Command("sh", "-c", "echo $$")
	c.Stdout = &out
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	pid := c.PID()
	if _, err := c.Wait(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.TrimSpace(out.String()) == fmt.Sprint(pid))
	// Output: true
}

func ExampleCmd_Wait() {
	c := spawn.Command("sh", "-c", "kill -TERM $$")
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	st, err := c.Wait()
	fmt.Println(st, st.ExitCode(), err)
	// Output: signal: terminated 143 <nil>
}

func ExampleCmd_PID() {
	c := spawn.Command("true")
	fmt.Println(c.PID()) // nothing started yet
	_, _ = c.Run()
	fmt.Println(c.PID() > 0)
	// Output:
	// 0
	// true
}

func ExampleCmd_Signal() {
	c := spawn.Command("sleep", "60")
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	_ = c.Signal(syscall.SIGTERM)
	st, _ := c.Wait()
	fmt.Println(st)
	fmt.Println(errors.Is(c.Signal(syscall.SIGTERM), os.ErrProcessDone))
	// Output:
	// signal: terminated
	// true
}

// The group reaches what the command started in the background too.
func ExampleCmd_SignalGroup() {
	c := spawn.Command("sh", "-c", "sleep 60 & wait")
	c.Setsid = true
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	_ = c.SignalGroup(syscall.SIGKILL)
	st, _ := c.Wait()
	fmt.Println(st)
	// Output: signal: killed
}
