//go:build linux

// Command inplace is the benchmark floor for the drop-ins' in-place path
// (util-linux setsid without a fork, coreutils nohup): the least a Go
// program has to do to put itself in a new session, or make itself immune
// to hangups, and become CMD.
//
//	inplace [-nohup] CMD [ARGS...]
//	inplace -exit
//
// It calls setsid(2) and execs CMD, which must be an absolute path; the
// PID is kept. With -nohup it instead looks at its three standard
// descriptors (nohup's isatty checks), ignores SIGHUP and execs. With
// -exit it exits 0 at once: beside /bin/true, that is what the Go
// runtime's start-up costs a process. It is a fixture for bench/run, not
// a tool.
package main

import (
	"os"
	"os/signal"
	"syscall"
	"unsafe"
)

func main() {
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "-exit" {
		os.Exit(0)
	}
	nohup := len(args) > 0 && args[0] == "-nohup"
	if nohup {
		args = args[1:]
	}
	if len(args) < 1 {
		os.Stderr.WriteString("usage: inplace [-nohup] CMD [ARGS...]\n")
		os.Exit(2)
	}
	if nohup {
		var t syscall.Termios
		for fd := uintptr(0); fd < 3; fd++ {
			syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
		}
		signal.Ignore(syscall.SIGHUP)
	} else if _, _, e := syscall.RawSyscall(syscall.SYS_SETSID, 0, 0, 0); e != 0 {
		os.Exit(1)
	}
	_ = syscall.Exec(args[0], args, syscall.Environ())
	os.Exit(127)
}
