//go:build linux

// Command spawn is the benchmark floor for sysprims' spawn path: the least
// a Go program has to do to run a command in a new session through a
// re-executed copy of itself and wait for it.
//
//	spawn CMD [ARGS...]
//
// The parent starts /proc/self/exe as a stage (argv[1] is "-stage") and
// waits for it; the stage calls setsid(2) and execs CMD, which keeps the
// stage's PID. The exit status is CMD's (128+N for signal N). There is no
// status pipe, no PATH search and no signal forwarding: CMD must be an
// absolute path. It is a fixture for bench/run, not a tool.
package main

import (
	"os"
	"syscall"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "-stage" {
		if _, _, e := syscall.RawSyscall(syscall.SYS_SETSID, 0, 0, 0); e != 0 {
			os.Exit(126)
		}
		_ = syscall.Exec(os.Args[2], os.Args[2:], syscall.Environ())
		os.Exit(127)
	}
	if len(os.Args) < 2 {
		os.Stderr.WriteString("usage: spawn CMD [ARGS...]\n")
		os.Exit(2)
	}
	args := append([]string{os.Args[0], "-stage"}, os.Args[1:]...)
	pid, err := syscall.ForkExec("/proc/self/exe", args, &syscall.ProcAttr{
		Env:   syscall.Environ(),
		Files: []uintptr{0, 1, 2},
	})
	if err != nil {
		os.Exit(126)
	}
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			break
		}
	}
	if ws.Signaled() {
		os.Exit(128 + int(ws.Signal()))
	}
	os.Exit(ws.ExitStatus())
}
