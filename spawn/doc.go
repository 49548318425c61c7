// Package spawn runs a command in a new session (setsid) or immune to
// hangups (nohup), and offers the session and process-group system calls
// behind them.
//
// [RunSetsid] and [RunNohup] start the command through a re-executed copy
// of the calling program (see package [github.com/sysprims/sysprims/trampoline]),
// so the steps happen in the new process and never touch the caller's own
// signal dispositions, session or stdio. Exec failures are reported
// synchronously, as an [*ExecError] that matches [fs.ErrNotExist] or
// [fs.ErrPermission], in every mode.
//
// Without Wait the command is detached: it is re-parented to init (or the
// nearest subreaper) as soon as it runs, so the caller never has a zombie
// to reap and the outcome only carries its PID. With Wait the call returns
// the command's [exitcode.Status]; the Context variants kill the command
// (its whole process group for setsid) with SIGKILL when the context is
// done, reap it, and return the context's error.
//
// The stage is a copy of the calling program: the init functions of
// packages initialised before the trampoline package run in it again (see
// its "What runs in the stage"), so they must not have effects outside the
// process. In a set-id program the stage refuses to run, and these calls
// return an error that matches [trampoline.ErrSetID].
//
// On Windows the package compiles, [RunSetsid] and [RunNohup] return
// [ErrNotSupported], and the low-level functions do not exist.
package spawn
