//go:build linux

// Command pid1 is the reaping workload bench/run starts under a container
// init (sysprims init, tini, dumb-init) that is PID 1 of a new PID
// namespace:
//
//	pid1 reap N      start N orphans, kill them at once, and print the
//	                 microseconds until PID 1 has reaped every one
//
// reap: a helper (this program, re-executed with "spawner N") starts N
// copies of /bin/sleep in one process group, reports their PIDs and exits,
// so they are re-parented to PID 1. The clock starts when their group is
// sent SIGKILL and stops when kill(pid, 0) fails with ESRCH for all of them,
// that is when the last zombie is gone.
//
// (Signal forwarding is timed by bench/siglat, in C, so that no runtime of
// the receiver's adds to the latency.)
//
// It is a fixture for bench/run, not a tool.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fail("usage: pid1 reap|spawner N")
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fail("pid1: bad count " + os.Args[2])
	}
	switch os.Args[1] {
	case "reap":
		reap(n)
	case "spawner":
		spawner(n)
	default:
		fail("pid1: unknown mode " + os.Args[1])
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

// spawner starts n sleeps in a new process group led by the first, writes
// their PIDs to stdout, one per line, and exits, orphaning them.
func spawner(n int) {
	w := bufio.NewWriter(os.Stdout)
	pgid := 0
	for i := 0; i < n; i++ {
		pid, err := syscall.ForkExec("/bin/sleep", []string{"sleep", "1000"}, &syscall.ProcAttr{
			Files: []uintptr{^uintptr(0), ^uintptr(0), 2},
			Sys:   &syscall.SysProcAttr{Setpgid: true, Pgid: pgid},
		})
		if err != nil {
			if pgid != 0 {
				_ = syscall.Kill(-pgid, syscall.SIGKILL)
			}
			fail("pid1 spawner: " + err.Error())
		}
		if pgid == 0 {
			pgid = pid
		}
		fmt.Fprintln(w, pid)
	}
	if err := w.Flush(); err != nil {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		fail("pid1 spawner: " + err.Error())
	}
	os.Exit(0)
}

func reap(n int) {
	if os.Getppid() != 1 {
		fmt.Fprintln(os.Stderr, "pid1: warning: the parent is not PID 1")
	}
	r, w, err := os.Pipe()
	if err != nil {
		fail(err.Error())
	}
	p, err := os.StartProcess("/proc/self/exe", []string{os.Args[0], "spawner", strconv.Itoa(n)},
		&os.ProcAttr{Files: []*os.File{nil, w, os.Stderr}})
	if err != nil {
		fail(err.Error())
	}
	w.Close()
	var pids []int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		pid, err := strconv.Atoi(sc.Text())
		if err != nil {
			fail("pid1: bad PID from spawner")
		}
		pids = append(pids, pid)
	}
	if st, err := p.Wait(); err != nil || !st.Success() || len(pids) != n {
		fail(fmt.Sprintf("pid1: spawner failed (%v, %d of %d PIDs)", err, len(pids), n))
	}
	// The sleeps are PID 1's children now; all of them die at once.
	start := time.Now()
	if err := syscall.Kill(-pids[0], syscall.SIGKILL); err != nil {
		fail("pid1: kill: " + err.Error())
	}
	deadline := start.Add(60 * time.Second)
	for len(pids) > 0 {
		left := pids[:0]
		for _, pid := range pids {
			if syscall.Kill(pid, 0) != syscall.ESRCH {
				left = append(left, pid)
			}
		}
		pids = left
		if len(pids) == 0 {
			break
		}
		if time.Now().After(deadline) {
			fail(fmt.Sprintf("pid1: %d zombies left after 60s", len(pids)))
		}
		time.Sleep(50 * time.Microsecond)
	}
	fmt.Println(time.Since(start).Microseconds())
}
