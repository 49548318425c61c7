package supervise

import "golang.org/x/sys/unix"

// canPeek: Linux's waitid can wait for an end without reaping it.
const canPeek = true

// exited returns once the child pid has ended, leaving it a zombie
// (WNOWAIT): until it is reaped its PID cannot be reused, so a kill sent
// meanwhile reaches it or nobody.
func exited(pid int) error {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			return err
		}
	}
}
