// Package supervise is the parent's half of running a command: it is the
// single owner of wait(2) for the command, and while it waits it forwards
// the signals it receives to the command or to its process group.
//
// Signals are caught from [Catch] on, before the command is started, so a
// signal that arrives while the command is starting is queued and
// delivered once its PID is known, never lost.
package supervise
