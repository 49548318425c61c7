// Package spawn runs commands the way setsid(1), nohup(1) and a container's
// init run them: in a new session, immune to hangups, or supervised with
// the caller's signals forwarded. Its [Cmd] is modelled on [os/exec.Cmd]
// (Path, Args, Env, Dir, Stdin, Stdout, Stderr; Start, Wait, Run) and adds
// what only a process of its own can do before the command runs.
//
// # Three typical uses
//
// A daemon, detached in a new session: it outlives the caller's terminal
// and never becomes the caller's zombie.
//
//	c := spawn.Command("my-server", "--port", "8080")
//	c.Setsid, c.Detach = true, true
//	err := c.Start() // c.PID() is the server's PID
//
// A job immune to hangups, its output appended to a file (or, when the
// caller's stdout is a terminal and no file is named, to nohup.out):
//
//	c := spawn.Command("backup.sh")
//	c.Nohup, c.NohupOutput = true, "/var/log/backup.log"
//	st, err := c.Run()
//
// A supervised child: every signal the caller receives goes to the
// command's process group while Wait waits, and a done context kills it.
//
//	c := spawn.CommandContext(ctx, "worker")
//	c.Setsid, c.ForwardSignals = true, true
//	st, err := c.Run() // st.ExitCode() is 128+N after signal N
//
// # How it works, and what it costs the caller
//
// Start re-executes the calling program itself as a stage (see package
// [github.com/sysprims/sysprims/trampoline]): the stage applies the steps
// to itself (setsid, the controlling terminal, SIGHUP ignored) and execs
// the command, which keeps the stage's PID. So nothing happens to the
// caller's own signal dispositions, session or stdio (ForwardSignals
// excepted, for as long as Wait waits), and a failure to execute the
// command is known when Start returns, as an [*ExecError] that matches
// [io/fs.ErrNotExist] or [io/fs.ErrPermission]; the command inherits no
// descriptor, variable or signal mask of the protocol.
//
// Caveats:
//   - The stage is a copy of the calling program: the Go runtime starts
//     again, and the init functions of the packages initialised before the
//     trampoline package run in it (see the trampoline package's "What
//     runs in the stage"). They must not have effects outside the process:
//     write files, print, read stdin, talk to the network. Keep such work
//     in main.
//   - In a set-id program no stage runs: Start returns an error that
//     matches [ErrSetID], since whoever runs such a program chooses what a
//     stage would run with privileges that are not theirs.
//   - Pdeathsig follows the thread that started the command, as with
//     os/exec; lock that thread (runtime.LockOSThread) to tie it to the
//     caller's life.
//   - Unlike os/exec, a nil Stdin, Stdout or Stderr is the caller's own
//     descriptor, as a shell passes it to setsid or nohup.
//
// [RunSetsid] and [RunNohup] and their Context variants are the original
// interface, kept as thin wrappers: without Wait they detach and return
// the PID, with Wait they return the [exitcode.Status].
//
// On Windows the package compiles; Start, [RunSetsid] and [RunNohup]
// return [ErrNotSupported], and the session and process-group calls
// ([Setsid], [Getsid], [Setpgid], [Getpgid]) do not exist.
package spawn
