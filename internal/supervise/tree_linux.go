package supervise

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// escapes lists the live descendants of this process that are not in
// the command's process group pgid: processes that left it (setsid, a
// shell's job control, a daemon's double fork) and that a signal to the
// group no longer reaches. It walks /proc/PID/task/TID/children from our
// own PID, so it can only ever name our descendants; orphans re-parented
// to us (PID 1, subreaper) are found as our children.
func escapes(pgid int) []kin {
	var found []kin
	queue := []int{os.Getpid()}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(parent) + "/task")
		for _, task := range tasks {
			b, _ := os.ReadFile("/proc/" + strconv.Itoa(parent) + "/task/" + task.Name() + "/children")
			for _, f := range strings.Fields(string(b)) {
				pid, err := strconv.Atoi(f)
				if err != nil {
					continue
				}
				queue = append(queue, pid)
				if st, ok := readStat(pid); ok && st.state != 'Z' && st.pgrp != pgid {
					found = append(found, kin{pid: pid, parent: parent})
				}
			}
		}
	}
	return found
}

// kin is a descendant and the parent it was found under.
type kin struct{ pid, parent int }

// signal sends sig to k if it is still the child of the same parent: a
// PID whose process exited meanwhile may have been given to a stranger.
func (k kin) signal(sig syscall.Signal) error {
	if st, ok := readStat(k.pid); !ok || st.ppid != k.parent {
		return unix.ESRCH
	}
	return unix.Kill(k.pid, sig)
}

type procStat struct {
	state      byte
	ppid, pgrp int
}

func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	// After "pid (comm)": state ppid pgrp ...; comm may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 {
		return procStat{}, false
	}
	ppid, _ := strconv.Atoi(string(f[1]))
	pgrp, _ := strconv.Atoi(string(f[2]))
	return procStat{state: f[0][0], ppid: ppid, pgrp: pgrp}, true
}
