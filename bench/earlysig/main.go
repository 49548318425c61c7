//go:build linux

// Command earlysig measures how long a freshly started program leaves
// SIGTERM at an action that kills it: a TERM is sent at delays from 0 to
// 10 ms after fork+exec, and the program counts as having been in the
// window when it died of the signal instead of handling it (sysprims
// forwards it, and its command's exit makes it exit 143). The window is
// the sum over the delays of the share of runs that died, times the step.
// For a namespace's PID 1 the same window is where the Go runtime exits
// with status 2 and no message (issue 9.4).
//
//	earlysig N NAME=PROGRAM [ARGS...] [:: NAME=PROGRAM ...]
//
// Each program is run N times at each delay, interleaved. "floor" is this
// binary re-executed as a Go program that does nothing but catch SIGTERM
// from its first package init and exit 143 on it: the least a Go program
// can reach. One markdown table row per program is printed, with the
// ratio to the floor. It is a fixture for bench/run, not a tool.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func init() {
	if len(os.Args) == 2 && os.Args[1] == "-floor" {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		<-c
		os.Exit(143)
	}
}

type program struct {
	name string
	argv []string
	us   []float64
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: earlysig N NAME=PROGRAM [ARGS...] [:: NAME=PROGRAM ...]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "earlysig: N must be a positive number")
		os.Exit(2)
	}
	self, _ := os.Executable()
	progs := []*program{{name: "floor (Go, catches in its first init)", argv: []string{self, "-floor"}}}
	var cur *program
	for _, a := range os.Args[2:] {
		if a == "::" {
			cur = nil
			continue
		}
		if cur == nil {
			name, path, ok := strings.Cut(a, "=")
			if !ok {
				fmt.Fprintln(os.Stderr, "earlysig: want NAME=PROGRAM, got", a)
				os.Exit(2)
			}
			cur = &program{name: name, argv: []string{path}}
			progs = append(progs, cur)
			continue
		}
		cur.argv = append(cur.argv, a)
	}
	const step, last = 250 * time.Microsecond, 10 * time.Millisecond
	for i := 0; i < n; i++ {
		for d := time.Duration(0); d <= last; d += step {
			for _, p := range progs {
				died, err := diesOf(p.argv, d)
				if err != nil {
					fmt.Fprintf(os.Stderr, "earlysig: %s: %v\n", p.name, err)
					os.Exit(1)
				}
				if died {
					p.us = append(p.us, float64(step.Microseconds())/float64(n))
				}
			}
		}
	}
	floor := sum(progs[0].us)
	fmt.Println("| program | window in which SIGTERM kills it, µs | / floor |")
	fmt.Println("|---|---|---|")
	for _, p := range progs {
		fmt.Printf("| %s | %.0f | %.2f |\n", p.name, sum(p.us), sum(p.us)/floor)
	}
}

// diesOf starts argv, sends it SIGTERM after d and reports whether it
// died of it (rather than exiting with a status of its own).
func diesOf(argv []string, d time.Duration) (bool, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return false, err
	}
	time.Sleep(d)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if err != nil && !ok {
		return false, err
	}
	if !ok {
		return false, fmt.Errorf("exited 0 after SIGTERM")
	}
	ws := ee.Sys().(syscall.WaitStatus)
	return ws.Signaled() && ws.Signal() == syscall.SIGTERM, nil
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}
