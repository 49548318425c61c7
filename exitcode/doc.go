// Package exitcode turns the outcome of running a command into the exit code
// a wrapper such as setsid(1), nohup(1) or a container init returns.
//
// The conventions are those of POSIX shells and of util-linux and coreutils:
//
//   - 0 when the command succeeded, otherwise the command's own exit code;
//   - 128+N when the command was killed by signal N;
//   - 126 when the command was found but could not be executed;
//   - 127 when the command was not found;
//   - 1 for the wrapper's own failures (usage, files it could not open).
//
// [FromError] maps any error to one of these codes; errors that know their own
// code (such as exec failures) say so by implementing [Coder].
package exitcode
