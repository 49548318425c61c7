//go:build unix

package execvp

import (
	"os"
	"strings"
	"syscall"
)

const (
	defaultPath = "/bin:/usr/bin" // glibc's fallback when PATH is unset
	shell       = "/bin/sh"
	nameMax     = 255
)

// execve is the system call, a variable so that tests can watch the search
// without replacing the test binary.
var execve = syscall.Exec

// Exec runs argv[0], found as execvp(3) finds it, with arguments argv and
// environment envv. PATH is read from the current process, as glibc does.
// It returns only when the command could not be executed, with the errno
// (a [syscall.Errno]) that execvp would have left.
func Exec(argv []string, envv []string) error {
	if len(argv) == 0 {
		return syscall.ENOENT
	}
	return ExecName(argv[0], argv, envv)
}

// ExecName is [Exec] for a command found by name whose argv[0] may be
// anything else, as a login shell's "-sh" is.
func ExecName(name string, argv []string, envv []string) error {
	if name == "" {
		return syscall.ENOENT
	}
	if strings.Contains(name, "/") {
		return execFile(name, argv, envv)
	}
	if len(name) > nameMax {
		return syscall.ENAMETOOLONG
	}
	path, ok := os.LookupEnv("PATH")
	if !ok {
		path = defaultPath
	}
	sawEACCES := false
	var last error = syscall.ENOENT
	for _, dir := range strings.Split(path, ":") {
		file := name
		if dir != "" {
			file = dir + "/" + name
		}
		err := execFile(file, argv, envv)
		switch err {
		case syscall.EACCES:
			sawEACCES = true
		case syscall.ENOENT, syscall.ENOTDIR, syscall.ESTALE, syscall.ENODEV, syscall.ETIMEDOUT:
		default:
			return err
		}
		last = err
	}
	if sawEACCES {
		return syscall.EACCES
	}
	return last
}

// execFile executes one candidate file, retrying through the shell when
// the kernel does not recognise its format.
func execFile(file string, argv, envv []string) error {
	err := execve(file, argv, envv)
	if err != syscall.ENOEXEC {
		return err
	}
	script := make([]string, 0, len(argv)+1)
	script = append(script, shell, file)
	script = append(script, argv[1:]...)
	if serr := execve(shell, script, envv); serr != nil {
		return serr
	}
	return err
}
