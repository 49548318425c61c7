package supervise

import (
	"bytes"
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
	want := []byte(strconv.Itoa(pgid))
	for _, e := range dir {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// After "pid (comm)": state ppid pgrp ...; comm may hold spaces.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) >= 3 && bytes.Equal(f[2], want) && f[0][0] != 'Z' {
			return false
		}
	}
	return true
}
