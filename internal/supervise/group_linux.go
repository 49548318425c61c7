package supervise

import (
	"os"
	"strconv"
)

// onlyZombies reports whether every process in group pgid is a zombie:
// dead, waiting for a parent that is not us (without Reap, or a member's
// own parent) to collect it. Those need no more waiting.
func onlyZombies(pgid int) bool {
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range dir {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok && st.pgrp == pgid && st.state != 'Z' {
			return false
		}
	}
	return true
}
