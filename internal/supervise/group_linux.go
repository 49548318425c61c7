package supervise

import (
	"strconv"

	"github.com/sysprims/sysprims/internal/procfs"
)

// onlyZombies reports whether every process in group pgid is a zombie:
// dead, waiting for a parent that is not us (without Reap, or a member's
// own parent) to collect it. Those need no more waiting.
func onlyZombies(pgid int) bool {
	dir, err := procfs.Names("/proc")
	if err != nil {
		return false
	}
	for _, name := range dir {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok && st.pgrp == pgid && st.state != 'Z' {
			return false
		}
	}
	return true
}
