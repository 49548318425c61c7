// Package trampoline starts a command through a re-executed copy of the
// running program, the stage, which applies a few steps to itself (a new
// session, a controlling terminal, SIGHUP ignored) and then execs the
// command, so that the command keeps the stage's PID.
//
// # Why a stage
//
// A Go program cannot fork safely, and the steps have to happen in the new
// process between fork and exec. Re-executing the program itself gives that
// window, and because the stage is entered from this package's init
// function, every program that imports it (sysprims, a user's program that
// imports spawn, a test binary) is a valid stage with no code of its own,
// and a test binary entered as a stage can never run its suite.
//
// # Protocol
//
// Programs use this package through package spawn, whose Cmd is the one
// way in; the protocol below is private to the two, and may change between
// versions of this module (the marker carries a version).
//
// The parent runs its own executable (/proc/self/exe on Linux, so an
// upgraded or deleted binary still matches) with argv
//
//	ARGV0 <marker> <steps> PATH COMMAND-ARGV...
//
// and the write end of a pipe as fd 3, the control fd. The stage is entered
// only when both are present and fd 3 is a pipe; an argument alone is not
// enough. The stage marks fd 3 close-on-exec, applies its steps, writes a
// single "x" and execs PATH, found as execvp(3) finds it, with the
// command's own argv. On failure it writes "e<step> <errno>"
// and exits 127. The parent reads fd 3 until EOF: "x" then EOF means the
// command is running; an errno means it is not, and no "x" at all means the
// stage died before it got that far. Nothing of the protocol reaches the
// command: fd 3 closes on exec, the argv is the command's own, and no
// environment variable is used.
//
// With the Detach step the stage first starts a second stage with the same
// control fd, reports its PID as "p<pid>" and exits, so the command is
// re-parented to init (or the nearest subreaper) and never becomes the
// caller's zombie.
//
// # The gate
//
// A caller that has work to finish before the command may run (sysprims
// catches every signal it will forward, which takes about a millisecond)
// sets [Spec.Hold]. On Linux the stage then gets the read end of a second
// pipe as fd 4 and the step letter "g": it waits, before any other step,
// for one byte there, while the parent runs Hold, so the two start-ups
// overlap. The gated stage runs with SIGKILL as its parent-death signal,
// cleared (or replaced by the caller's own Pdeathsig) when the gate opens;
// EOF instead of the byte means the parent died, and the stage exits
// without running anything. Elsewhere, or when the two descriptors are not
// to be had, Hold simply runs before the stage starts.
//
// # Set-ID programs
//
// Any program that imports this package is a stage, a setuid one too, and
// whoever runs it chooses its argv and its fd 3. So a stage refuses to run
// in a set-id process (real and effective user or group IDs differ, or, on
// Linux, the kernel's AT_SECURE flag is set): it writes one line on stderr
// and exits 127 without running anything; and [Start] refuses in such a
// caller with an error that matches [ErrSetID]. A stage never grants more
// than its caller had.
//
// # What runs in the stage
//
// The stage is the whole program started again, so before this package's
// init enters it, the Go runtime starts and the init functions of the
// packages initialised before this one run in the stage too: the
// standard library's, and those of the program's own packages that do not
// import this one (directly or through spawn) and whose import paths sort
// before it (Go initialises packages in import-path order as far as their
// dependencies allow). Nothing that imports this package, and no main
// function, ever runs in a stage. So the init function of a package that
// a stage may run must not do work that matters outside the process:
// write files, send on the network, read stdin, take locks on shared
// state, print. Keep such work in main, or in a package that imports
// spawn. TestStageInitOrder (in the repository's root package) builds a
// program of three packages and shows which inits run where.
package trampoline
