//go:build linux

// Command spawnlib is the smallest program that uses the spawn library:
// bench/run times it against the spawn floor (bench/floor/spawn without
// -catch) to measure what spawn.RunSetsid and spawn.RunNohup with Wait
// cost a program of their own, rather than a test binary.
//
//	spawnlib setsid|nohup CMD [ARGS...]
//
// It runs CMD (an absolute path) with Wait and exits with its status:
// its code, or 128+N for signal N. Importing spawn makes the program its
// own stage (the trampoline package's init). It is a fixture for
// bench/run, not a tool.
package main

import (
	"os"

	"github.com/sysprims/sysprims/spawn"
)

func main() {
	if len(os.Args) < 3 {
		os.Stderr.WriteString("usage: spawnlib setsid|nohup CMD [ARGS...]\n")
		os.Exit(2)
	}
	cmd, args := os.Args[2], os.Args[3:]
	var code int
	switch os.Args[1] {
	case "setsid":
		out, err := spawn.RunSetsid(cmd, args, spawn.SetsidConfig{Wait: true})
		if err != nil {
			os.Stderr.WriteString("spawnlib: " + err.Error() + "\n")
			os.Exit(126)
		}
		code = out.Status.ExitCode()
	case "nohup":
		out, err := spawn.RunNohup(cmd, args, spawn.NohupConfig{Wait: true})
		if err != nil {
			os.Stderr.WriteString("spawnlib: " + err.Error() + "\n")
			os.Exit(126)
		}
		code = out.Status.ExitCode()
	default:
		os.Stderr.WriteString("spawnlib: unknown mode " + os.Args[1] + "\n")
		os.Exit(2)
	}
	os.Exit(code)
}
