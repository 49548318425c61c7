// Package dropin makes sysprims behave as util-linux setsid(1) and GNU
// coreutils nohup(1) when it is invoked under their names.
//
// Everything a script can observe follows the originals as found on
// Debian 12 (util-linux 2.38.1, coreutils 9.1): option parsing with the
// glibc getopt_long messages, the fork decision of setsid, the stdio rules
// of nohup, the messages on stderr with their quoting, the exit codes and
// the execvp(3) PATH search. Help and version texts are sysprims' own
// words in the same layout. Two things are deliberately better: a setsid
// that forks reports a failed exec (or controlling-terminal step)
// synchronously, and setsid -w waits for its own child only.
//
// What a Go program cannot do is documented rather than faked: the Go
// runtime reopens closed descriptors 0-2 on /dev/null before main, and
// signals ignored at startup other than SIGHUP and SIGINT are not
// ignored any more in the command.
package dropin
