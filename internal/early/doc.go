// Package early runs a plain command line of the waiting modes (init,
// setsid --wait, nohup --wait) from its init function, through
// internal/modes, before urfave/cli and the packages only it needs are
// initialised: a second parser for the common case, kept honest by
// TestFastPathSameAsCLI. Plain is: only boolean options, no SYSPRIMS_
// variable in the environment; anything else goes on to main and
// urfave/cli, whose messages are the reference.
//
// The work runs on the main goroutine, which the runtime keeps locked to
// the main thread while packages initialise. That costs nothing here and
// saves a thread hand-off before the command's stage is forked; the
// stage is forked from the main thread, which lives as long as the
// process, as a parent-death signal wants.
//
// Its init runs after the trampoline package's (it imports it), so never
// in the stage.
package early
