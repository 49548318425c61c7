package dropin

import "fmt"

// The help and version texts are sysprims' own words, laid out line for
// line as the originals' are, so that tools that scrape them (the name on
// the version line, the option column) keep working.

// setsidHelp is printed by setsid -h; name is basename(argv[0]).
func setsidHelp(name string) string {
	return fmt.Sprintf(`
Usage:
 %s [options] <program> [arguments ...]

Start a program as the leader of a new session.

Options:
 -c, --ctty     make the terminal on stdin the controlling terminal
 -f, --fork     always start the program as a child process
 -w, --wait     wait for the program and exit with its status
 -h, --help     show this help
 -V, --version  show the version

This setsid is part of sysprims; see setsid(1) for the details.
`, name)
}

// setsidVersion is printed by setsid -V.
func setsidVersion(name, version string) string {
	return fmt.Sprintf("%s from sysprims %s\n", name, version)
}

// nohupHelp is printed by nohup --help; argv0 is the full argv[0].
func nohupHelp(argv0 string) string {
	return fmt.Sprintf(`Usage: %[1]s COMMAND [ARG]...
  or:  %[1]s OPTION
Run COMMAND with hangup signals ignored.

      --help        show this help and exit
      --version     show version information and exit

A terminal on standard input is replaced by a file that cannot be read.
A terminal on standard output is replaced by 'nohup.out', opened for appending,
or by '$HOME/nohup.out' when the current folder does not allow that.
A terminal on standard error is replaced by standard output.
To keep the output in FILE instead, run '%[1]s COMMAND > FILE'.

NOTE: many shells have a nohup of their own, which runs instead of this
program when you type nohup; see your shell's documentation for what that
one supports.

sysprims home page: <https://github.com/sysprims/sysprims>
This nohup is the sysprims drop-in for GNU coreutils nohup.
Report problems at <https://github.com/sysprims/sysprims/issues>
or read the drop-in section of the sysprims README.
`, argv0)
}

// nohupVersion is printed by nohup --version: seven lines, the first with
// a fixed program name whatever argv[0] is, as in coreutils.
func nohupVersion(version string) string {
	return fmt.Sprintf(`nohup (sysprims) %s
Copyright (C) the sysprims authors.
License: Apache-2.0 <https://www.apache.org/licenses/LICENSE-2.0>.
This is free software: you may change it and pass it on under those terms.
It comes with NO WARRANTY, to the extent permitted by law.

Written by the sysprims authors, after GNU coreutils nohup.
`, version)
}
