//go:build unix

package dropin

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/execvp"
	"github.com/sysprims/sysprims/internal/nohupout"
	"github.com/sysprims/sysprims/internal/steps"
	"github.com/sysprims/sysprims/internal/version"
)

// nohupLongs are the only options coreutils nohup knows, in its order.
var nohupLongs = []longOption{{"help", 'h'}, {"version", 'v'}}

// Nohup runs the nohup(1) drop-in with args (os.Args) and returns its exit
// code. It never forks: on success the process becomes the command.
func Nohup(args []string) int {
	n := &nohupRun{argv0: args[0], failure: 125, utf8: utf8Locale()}
	if _, set := os.LookupEnv("POSIXLY_CORRECT"); set {
		n.failure = exitcode.NotFound // POSIX wants 127 for nohup's own errors
	}
	// coreutils looks at one argument only: "nohup --help --bogus" helps.
	g := newGetopt(args, "", nohupLongs)
	opt, ok, err := g.next()
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return n.tryHelp()
	case ok && opt == 'h':
		return n.print(nohupHelp(n.argv0))
	case ok && opt == 'v':
		return n.print(nohupVersion(version.String()))
	}
	argv := g.operands()
	if len(argv) == 0 {
		n.warn("missing operand")
		return n.tryHelp()
	}
	return n.run(argv)
}

type nohupRun struct {
	argv0     string // the full argv[0], the prefix of every message
	failure   int    // 125, or 127 under POSIXLY_CORRECT
	utf8      bool   // whether names may show printable multibyte characters
	warnLost  bool   // a message could not be written
	runStderr int    // the original stderr, kept for an exec failure; -1: fd 2
}

func (n *nohupRun) warn(format string, a ...any) {
	if _, err := fmt.Fprintf(os.Stderr, "%s: %s\n", n.argv0, fmt.Sprintf(format, a...)); err != nil {
		n.warnLost = true
	}
}

func (n *nohupRun) tryHelp() int {
	fmt.Fprintf(os.Stderr, "Try '%s --help' for more information.\n", n.argv0)
	return n.failure
}

func (n *nohupRun) print(text string) int {
	if _, err := os.Stdout.WriteString(text); err != nil {
		n.warn("write error: %s", errnoText(err))
		return n.failure
	}
	return exitcode.Success
}

func (n *nohupRun) quote(name string) string { return shellQuote(name, n.utf8) }

// run applies the stdio rules and becomes the command. Every decision is
// taken from the terminals as they were on entry.
func (n *nohupRun) run(argv []string) int {
	plan := nohupout.Decide(false)
	ignoringInput := plan.StdinFromNull
	redirectingStdout := plan.StdoutToFile
	stdoutClosed := !redirectingStdout && isClosed(1)
	redirectingStderr := plan.StderrToStdout

	if ignoringInput {
		// Write-only, so that a command reading stdin fails at once
		// instead of seeing an end of file.
		if err := stdinFromDevNull(); err != nil {
			n.warn("failed to render standard input unusable: %s", errnoText(err))
			return n.failure
		}
		if !redirectingStdout && !redirectingStderr {
			n.warn("ignoring input")
		}
	}
	if redirectingStdout || (redirectingStderr && stdoutClosed) {
		if code, ok := n.redirectOutput(ignoringInput, redirectingStdout); !ok {
			return code
		}
	}
	n.runStderr = -1
	if redirectingStderr {
		saved, err := unix.FcntlInt(2, unix.F_DUPFD_CLOEXEC, 3)
		if err == nil {
			n.runStderr = saved
		}
		if !redirectingStdout {
			if ignoringInput {
				n.warn("ignoring input and redirecting stderr to stdout")
			} else {
				n.warn("redirecting stderr to stdout")
			}
		}
		if !stdoutClosed {
			if err := unix.Dup2(1, 2); err != nil {
				n.failedToRun("failed to redirect standard error: %s", errnoText(err))
				return n.failure
			}
		}
	}
	if n.warnLost {
		return n.failure // as coreutils: a nohup that cannot say what it did does nothing
	}
	_ = steps.Plan{IgnoreHangup: true}.Apply() // cannot fail
	err := execvp.Exec(argv, os.Environ())
	n.failedToRun("failed to run command %s: %s", n.quote(argv[0]), errnoText(err))
	return exitcode.ForExec(err)
}

// redirectOutput opens nohup.out (or $HOME/nohup.out) and puts it on
// stdout, or on stderr when stdout is closed. ok=false means give up with code.
func (n *nohupRun) redirectOutput(ignoringInput, onStdout bool) (code int, ok bool) {
	var failures []string
	var out *os.File
	var name string
	for _, candidate := range nohupout.Candidates() {
		f, err := openAppend(candidate)
		if err == nil {
			out, name = f, candidate
			break
		}
		failures = append(failures, fmt.Sprintf("failed to open %s: %s", n.quote(candidate), errnoText(err)))
	}
	if out == nil {
		for _, msg := range failures {
			n.warn("%s", msg)
		}
		return n.failure, false
	}
	defer out.Close()
	if ignoringInput {
		n.warn("ignoring input and appending output to %s", n.quote(name))
	} else {
		n.warn("appending output to %s", n.quote(name))
	}
	fd := 1
	if !onStdout {
		fd = 2
	}
	if err := unix.Dup2(int(out.Fd()), fd); err != nil {
		n.warn("failed to redirect standard output: %s", errnoText(err))
		return n.failure, false
	}
	return 0, true
}

// failedToRun reports on the stderr nohup was started with, never into
// nohup.out.
func (n *nohupRun) failedToRun(format string, a ...any) {
	if n.runStderr >= 0 {
		if unix.Dup2(n.runStderr, 2) != nil {
			return
		}
	}
	n.warn(format, a...)
}

// openAppend opens name as coreutils opens nohup.out: for appending,
// created with mode 0600 whatever the umask (which is restored for the
// command), following symlinks, also dangling ones. Nothing else runs in
// this process, so changing the umask for the open is safe.
func openAppend(name string) (*os.File, error) {
	old := unix.Umask(0o177)
	defer unix.Umask(old)
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
}

// stdinFromDevNull puts /dev/null, opened write-only, on fd 0.
func stdinFromDevNull() error {
	f, err := nohupout.DevNull(unix.O_WRONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Dup2(int(f.Fd()), 0)
}

func isClosed(fd int) bool {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	return err == unix.EBADF
}
