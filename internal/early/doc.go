// Package early starts catching signals as soon as sysprims' packages are
// initialised, on the paths that will supervise a command (init, setsid
// --wait, nohup --wait), long before the command line is parsed.
//
// Until a Go program catches a signal, one that ends a process by default
// ends it, and a namespace's PID 1 is worse off: the kernel drops the
// signal the runtime re-raises, and the runtime then exits with status 2
// and no message. Catching from this package's init shrinks that window
// to the Go runtime's own start-up, which no Go code can run before (see
// bench/earlysig for the measured window). What is caught here is queued
// and adopted by internal/supervise's Catch, so it is forwarded to the
// command once it runs. On a path that ends without supervising (a usage
// error, a command that cannot start), [Exit] turns a queued request to
// end into exit status 128+N, instead of dropping it.
//
// A plain command line of those modes (only boolean options, no SYSPRIMS_
// variable in the environment) is also run from here, through
// internal/modes, before urfave/cli and the packages only it needs are
// initialised (about a tenth of setsid --wait's time); anything else goes
// on to main and urfave/cli, whose messages are the reference. The work
// runs on a goroutine of its own: while packages initialise, the main
// goroutine is locked to its thread.
//
// Its init runs after the trampoline package's (it imports it), so never
// in the stage.
package early
