package trampoline

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// cloexecPipe holds ForkLock so that no fork sees the pipe before it is
// marked close-on-exec (darwin has no pipe2).
func cloexecPipe() (r, w int, err error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	var p [2]int
	if err = unix.Pipe(p[:]); err != nil {
		return 0, 0, err
	}
	unix.CloseOnExec(p[0])
	unix.CloseOnExec(p[1])
	return p[0], p[1], nil
}
