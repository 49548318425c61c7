//go:build linux

// Package signals is the list of signals the design floor
// (bench/floor/spawn -catch) catches: the ones sysprims' supervisor
// catches and forwards (internal/supervise.Catchable), written out here
// so that the floor does not pay for supervise's imports.
// bench_test.go checks that the two lists are the same.
package signals

import "syscall"

// Caught lists the signals 1 to 31 except KILL and STOP (they cannot be
// caught), CHLD (the wait loop's), URG (the Go runtime's preemption
// signal) and PROF (a Go program cannot catch it and keep it), then the
// real-time signals 35 to 64 (glibc's SIGRTMIN+1 to SIGRTMAX: 32 and 33
// belong to glibc's threads, and the Go runtime leaves 34, musl's, at its
// default).
func Caught() []syscall.Signal {
	var sigs []syscall.Signal
	for n := syscall.Signal(1); n < 32; n++ {
		switch n {
		case syscall.SIGKILL, syscall.SIGSTOP, syscall.SIGCHLD, syscall.SIGURG, syscall.SIGPROF:
			continue
		}
		sigs = append(sigs, n)
	}
	for n := syscall.Signal(35); n <= 64; n++ {
		sigs = append(sigs, n)
	}
	return sigs
}
