//go:build unix && !darwin

package trampoline

import "golang.org/x/sys/unix"

func cloexecPipe() (r, w int, err error) {
	var p [2]int
	err = unix.Pipe2(p[:], unix.O_CLOEXEC)
	return p[0], p[1], err
}
