//go:build unix && !linux

package spawn

import (
	"syscall"

	"golang.org/x/sys/unix"
)

func pidfdOpen(int) int { return -1 }

func sendSignal(_, pid int, sig syscall.Signal) error { return unix.Kill(pid, sig) }
