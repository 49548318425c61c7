//go:build linux

// Command spawn is the benchmark floor for sysprims' waiting paths: the
// least a Go program has to do to run a command in a new session through
// a re-executed copy of itself and wait for it.
//
//	spawn [-catch] [-nohup] CMD [ARGS...]
//
// The parent starts /proc/self/exe as a stage (argv[1] is "-stage") and
// waits for it; the stage calls setsid(2) and execs CMD, which keeps the
// stage's PID. The exit status is CMD's (128+N for signal N). There is no
// status pipe and no PATH search: CMD must be an absolute path. Without
// -catch this is the floor of the spawn library (spawn.RunSetsid and
// RunNohup with Wait), which forwards nothing.
//
// With -catch it is the design floor of `sysprims setsid --wait`,
// `nohup --wait` and `init`, and the minimal Go forwarder of the signal
// latency case: the parent catches the signals sysprims catches (package
// bench/floor/signals) while the stage starts, and the stage waits at a
// gate (a pipe on its fd 3) until every one is caught, so that none sent
// once CMD runs can end the parent; each caught signal is then sent on to
// CMD's process group (signal.Notify, then kill). A blocked wait4 on its
// own goroutine waits for CMD. With -nohup as well, SIGHUP is neither
// caught nor forwarded and the stage ignores it and looks at its three
// standard descriptors (nohup's isatty checks) before the exec.
//
// It is a fixture for bench/run, not a tool.
package main

import (
	"os"
	"os/signal"
	"syscall"
	"unsafe"

	"github.com/sysprims/sysprims/bench/floor/signals"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "-stage" {
		stage(os.Args[2:])
	}
	args := os.Args[1:]
	var catch, nohup bool
	for len(args) > 0 && (args[0] == "-catch" || args[0] == "-nohup") {
		catch = catch || args[0] == "-catch"
		nohup = nohup || args[0] == "-nohup"
		args = args[1:]
	}
	if len(args) < 1 {
		os.Stderr.WriteString("usage: spawn [-catch] [-nohup] CMD [ARGS...]\n")
		os.Exit(2)
	}
	stageArgs := []string{os.Args[0], "-stage"}
	if nohup {
		stageArgs = append(stageArgs, "-nohup")
	}
	attr := &syscall.ProcAttr{Env: syscall.Environ(), Files: []uintptr{0, 1, 2}}
	var gate [2]int
	if catch {
		if err := syscall.Pipe2(gate[:], syscall.O_CLOEXEC); err != nil {
			os.Exit(126)
		}
		stageArgs = append(stageArgs, "-gate")
		attr.Files = append(attr.Files, uintptr(gate[0]))
	}
	pid, err := syscall.ForkExec("/proc/self/exe", append(stageArgs, args...), attr)
	if err != nil {
		os.Exit(126)
	}
	done := make(chan syscall.WaitStatus, 1)
	go func() {
		var ws syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &ws, 0, nil)
			if err != syscall.EINTR {
				break
			}
		}
		done <- ws
	}()
	var sigs chan os.Signal
	if catch {
		syscall.Close(gate[0])
		sigs = make(chan os.Signal, 64)
		for _, sig := range signals.Caught() {
			if !(nohup && sig == syscall.SIGHUP) {
				signal.Notify(sigs, sig)
			}
		}
		syscall.Close(gate[1]) // the stage reads EOF: go on
	}
	for {
		select {
		case sig := <-sigs:
			// CMD leads its group once the stage's setsid is done;
			// before that there is only the stage itself.
			if syscall.Kill(-pid, sig.(syscall.Signal)) == syscall.ESRCH {
				_ = syscall.Kill(pid, sig.(syscall.Signal))
			}
		case ws := <-done:
			if ws.Signaled() {
				os.Exit(128 + int(ws.Signal()))
			}
			os.Exit(ws.ExitStatus())
		}
	}
}

// stage: [-nohup] [-gate] CMD [ARGS...]
func stage(args []string) {
	nohup, gate := false, false
	for len(args) > 0 && (args[0] == "-nohup" || args[0] == "-gate") {
		nohup = nohup || args[0] == "-nohup"
		gate = gate || args[0] == "-gate"
		args = args[1:]
	}
	if _, _, e := syscall.RawSyscall(syscall.SYS_SETSID, 0, 0, 0); e != 0 {
		os.Exit(126)
	}
	if nohup {
		var t syscall.Termios
		for fd := uintptr(0); fd < 3; fd++ {
			syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
		}
		signal.Ignore(syscall.SIGHUP)
	}
	if gate {
		var b [1]byte
		for {
			if _, err := syscall.Read(3, b[:]); err != syscall.EINTR {
				break
			}
		}
		syscall.Close(3)
	}
	_ = syscall.Exec(args[0], args, syscall.Environ())
	os.Exit(127)
}
