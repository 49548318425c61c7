// Package supervise is the parent's half of running a command: it is the
// single owner of wait(2) in the process, and while it waits it forwards
// the signals it receives to the command or to its process group.
//
// # One owner of wait
//
// A [Supervisor] waits from one loop driven by SIGCHLD, which also looks
// once a second and after every forwarded signal, so that a SIGCHLD that
// never arrives (a tracer that detached while it was pending) cannot
// leave it waiting beside a zombie. With [Config.Reap] (PID 1, or a Linux
// child subreaper) that loop calls wait4(-1, WNOHANG) until nothing is
// left and picks the command's status out of what it reaps; otherwise it
// waits for the command's PID alone. Nothing else in
// the process may wait, so the command's status can never be stolen by a
// reaper running beside os/exec (the race behind ramr/go-reaper#2).
//
// # Signals
//
// Every catchable signal is caught from [Catch] on, before the command is
// started, so a signal that arrives while the command is starting is
// queued and delivered once its PID is known, never lost. Not forwarded:
// SIGKILL and SIGSTOP (they cannot be caught), SIGCHLD (it drives the
// wait loop), SIGURG, which the Go runtime sends to its own threads to
// preempt goroutines (catching it would forward a stream of signals the
// user never sent), and the two the runtime does not let a program catch:
// SIGPROF (its profiler's) and, on Linux, signal 34 (glibc's SIGRTMIN,
// musl's internal signal); those are ignored once the command runs, so
// they cannot kill the supervisor either. SIGTSTP, SIGTTIN and SIGTTOU
// are forwarded and then the supervisor stops itself, so that a shell's
// job control sees the whole job stop; the decision is made on the
// signal received, before any rewrite. The SIGCONT that resumes it is
// forwarded too.
//
// A signal the caller ignored when the process started stays ignored: it
// is neither caught nor forwarded, and the command inherits the SIG_IGN,
// every time (catching it would race with the start of the command's
// stage). Only SIGHUP, SIGINT, SIGCONT, SIGTSTP, SIGTTIN and SIGTTOU can
// be kept so: for every other signal the Go runtime installs its own
// handler as the process starts, and the inherited SIG_IGN is gone.
//
// # Cleanup
//
// A process that left the command's group (setsid, a shell's job control,
// a daemon's double fork) is still one of our descendants when we reap:
// with [Config.Reap] and [Config.Group], the forwarded signals listed in
// [Config.TreeSignals] reach it too, and with Reap the cleanup does. It is
// found by walking /proc/PID/task/TID/children from our own PID, never
// elsewhere, and its parent is checked again just before each kill.
//
// With [Config.Cleanup], when the command has exited the supervisor sends
// SIGTERM to what remains of its process group and to those descendants,
// SIGKILL after [Config.Grace], and waits (reaping, when it reaps) until
// they are gone before [Supervisor.Run] returns. A SIGTERM forwarded while
// the command runs starts that grace period instead (a container being
// stopped): what still runs when it is over, the command included, gets
// SIGKILL. [Config.Logf] is told who was left and who got SIGKILL.
//
// With [Config.Cgroup] (a [CommandCgroup]: the command's tree in a cgroup
// v2 of its own, sysprims outside it), the SIGKILL at the end of the grace
// period is followed by one write to cgroup.kill, which reaches what the
// walk missed, once every process in the cgroup is checked to descend
// from us; the cleanup lasts until no descendant of ours is left in it.
package supervise
