// Package execvp replaces the current process image with a command, searching
// PATH exactly as glibc's execvp(3) does, so that sysprims runs the same
// program util-linux setsid(1) and coreutils nohup(1) would run.
//
// The rules, which Go's os/exec.LookPath does not follow:
//   - an empty name fails with ENOENT;
//   - a name containing a slash is executed directly;
//   - an unset PATH means "/bin:/usr/bin"; an empty PATH element means the
//     current directory, without ErrDot;
//   - EACCES is remembered while the search goes on; ENOENT, ENOTDIR,
//     ESTALE, ENODEV and ETIMEDOUT go on; any other error stops the search;
//   - a file the kernel refuses with ENOEXEC is run as "/bin/sh FILE ARGS...";
//   - a name longer than NAME_MAX without a slash fails with ENAMETOOLONG.
package execvp
