//go:build unix

package spawn

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Setsid makes the calling process the leader of a new session and process
// group and returns the new session ID. It fails with EPERM when the caller
// already leads a process group, which is why RunSetsid uses a new process.
func Setsid() (int, error) {
	sid, err := unix.Setsid()
	if err != nil {
		return 0, fmt.Errorf("setsid: %w", err)
	}
	return sid, nil
}

// Getsid returns the session ID of process pid; 0 means the caller. The
// ID is 0 when the session's leader is outside the caller's PID namespace,
// as it is for most processes in a container.
func Getsid(pid int) (int, error) {
	sid, err := unix.Getsid(pid)
	if err != nil {
		return 0, fmt.Errorf("getsid %d: %w", pid, err)
	}
	return sid, nil
}

// Setpgid moves process pid (0: the caller) into process group pgid
// (0: a group whose ID is pid).
func Setpgid(pid, pgid int) error {
	if err := unix.Setpgid(pid, pgid); err != nil {
		return fmt.Errorf("setpgid %d %d: %w", pid, pgid, err)
	}
	return nil
}

// Getpgid returns the process group ID of process pid; 0 means the caller.
// As for [Getsid], the ID is 0 when the group's leader is outside the
// caller's PID namespace.
func Getpgid(pid int) (int, error) {
	pgid, err := unix.Getpgid(pid)
	if err != nil {
		return 0, fmt.Errorf("getpgid %d: %w", pid, err)
	}
	return pgid, nil
}
