// Package modes is what sysprims setsid, nohup and init do once their
// options are known: start the command, report or wait for it, and turn
// the outcome into an exit code and at most one line on stderr.
//
// It is kept free of urfave/cli so that it can run from two places with
// one behaviour: from internal/cli, after urfave/cli has parsed the
// command line, and from internal/early's init, which runs the waiting
// modes (setsid --wait, nohup --wait, init) for plain command lines
// before urfave/cli and the packages only it needs are even initialised.
// The two paths differ only in who parsed the options; everything a user
// can see (output, messages, exit codes, what the command inherits) is
// made here.
package modes
