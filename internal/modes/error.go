package modes

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/sysprims/sysprims/exitcode"
)

// Error ends sysprims with Code, printing "sysprims: " and Msg first when
// Msg is not empty.
type Error struct {
	Code int
	Msg  string
}

func (e Error) Error() string { return e.Msg }

// Report writes err as one line on stderr and returns the exit code it
// stands for: 0 for nil, an [Error]'s code, or [exitcode.FromError]'s.
func Report(err error, stderr io.Writer) int {
	if err == nil {
		return exitcode.Success
	}
	survivePipe()
	var e Error
	if errors.As(err, &e) {
		if e.Msg != "" {
			fmt.Fprintln(stderr, "sysprims: "+e.Msg)
		}
		return e.Code
	}
	fmt.Fprintln(stderr, "sysprims: "+OneLine(err.Error()))
	return exitcode.FromError(err)
}

// survivePipe catches SIGPIPE, once, before sysprims writes a message:
// a closed stderr must leave the exit status sysprims chose, not turn it
// into a death by signal. Only then, not at start: the first signal a Go
// program catches starts two threads, on the way to the command's start.
// (Once the command runs, the supervisor catches SIGPIPE with the rest.)
func survivePipe() {
	pipeOnce.Do(func() { signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE) })
}

var pipeOnce sync.Once

// OneLine keeps a message on one line.
func OneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }
