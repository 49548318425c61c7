//go:build linux

// Command inplace is the benchmark floor for the drop-ins' in-place path
// (util-linux setsid without a fork, coreutils nohup): the least a Go
// program has to do to put itself in a new session and become CMD.
//
//	inplace CMD [ARGS...]
//
// It calls setsid(2) and execs CMD, which must be an absolute path; the
// PID is kept. For nohup the work is the same size (one system call that
// changes the process, then exec), so bench/run uses this floor for both
// drop-ins. It is a fixture for bench/run, not a tool.
package main

import (
	"os"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		os.Stderr.WriteString("usage: inplace CMD [ARGS...]\n")
		os.Exit(2)
	}
	if _, _, e := syscall.RawSyscall(syscall.SYS_SETSID, 0, 0, 0); e != 0 {
		os.Exit(1)
	}
	_ = syscall.Exec(os.Args[1], os.Args[1:], syscall.Environ())
	os.Exit(127)
}
