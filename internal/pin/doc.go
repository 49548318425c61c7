// Package pin keeps sysprims' threads on one CPU while it catches
// signals, and gives the original CPU affinity back before the command
// can run.
//
// Catching a signal is a round trip between the calling goroutine and the
// runtime's signal-mask thread; on a machine with idle CPUs each trip
// wakes a thread on another CPU, twice. On one CPU the same hand-offs are
// plain switches. [Threads] pins every thread of the process to the CPU
// it is on (threads started later inherit it) and notes which children
// the process already has; [Restore] puts the original mask back on every
// thread and on each child started since: the command's stage, forked
// while the process was pinned. The stage execs the command from its main
// thread (its work is done in a package init, where the main goroutine
// is locked to that thread), whose ID is the stage's PID, so the command
// starts with the caller's mask, never the pinned one. [Restore] must run
// before the stage may exec: internal/supervise's CatchAsync calls it
// once every signal is caught, before the Hold that waits for it returns;
// a path that does not catch calls it before starting the command.
//
// A process allowed on one CPU only, or that cannot read or set its
// affinity, is left alone. Outside Linux both do nothing.
package pin
