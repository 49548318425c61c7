package spawn

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// pidfdOpen returns a pidfd for the child pid, which has not been reaped,
// or -1 where the kernel has none (before 5.3) or no descriptor is left:
// Signal then falls back to kill(2), ordered against the reap.
func pidfdOpen(pid int) int {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return -1
	}
	return fd
}

func sendSignal(pidfd, pid int, sig syscall.Signal) error {
	if pidfd >= 0 {
		return unix.PidfdSendSignal(pidfd, sig, nil, 0)
	}
	return unix.Kill(pid, sig)
}
