//go:build unix

package early

import (
	"os"
	"strings"
	"syscall"

	"github.com/sysprims/sysprims/internal/pin"
	"github.com/sysprims/sysprims/internal/supervise"
	// Imported for its init, which must run first: in a stage it execs
	// the command (or exits), so nothing below ever runs there.
	_ "github.com/sysprims/sysprims/trampoline"
)

func init() {
	if waits, skip := supervising(os.Args); waits {
		// On one CPU while catching: see internal/pin. supervise's
		// CatchAsync restores the affinity once every signal is caught,
		// before the command's stage can exec.
		pin.Threads()
		supervise.Prime(skip)
		if work := fast(os.Args, os.Environ()); work != nil {
			os.Exit(Exit(dispatch(work)))
		}
	}
}

// supervising reports whether argv asks sysprims to supervise a command,
// and which signals that mode leaves alone (nohup: SIGHUP). Options are
// read as the command line reads them: up to "--" or the first operand.
func supervising(argv []string) (bool, []syscall.Signal) {
	if len(argv) < 2 {
		return false, nil
	}
	switch argv[1] {
	case "init":
		return true, nil
	case "setsid", "nohup":
	default:
		return false, nil
	}
	args := argv[2:]
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			break
		}
		if takesValue(arg) {
			i++ // its value may look like anything
			continue
		}
		if name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "="); name == "wait" && arg != "-" {
			if strings.HasSuffix(arg, "=false") {
				return false, nil
			}
			if argv[1] == "nohup" {
				return true, []syscall.Signal{syscall.SIGHUP}
			}
			return true, nil
		}
	}
	return false, nil
}

// takesValue reports whether arg is an option whose value is the next
// argument (--output FILE, --pidfile FILE).
func takesValue(arg string) bool {
	switch strings.TrimLeft(arg, "-") {
	case "output", "pidfile":
		return true
	}
	return false
}

// Exit returns the status sysprims exits with, given the one it meant to
// return: 128+N when it was asked to end by signal N before it could
// supervise (the signal was caught early and never forwarded).
func Exit(code int) int {
	if sig, ok := supervise.Abandon(); ok {
		return 128 + int(sig)
	}
	return code
}
