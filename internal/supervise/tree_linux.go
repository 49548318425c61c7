package supervise

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/procfs"
)

// descendants lists the live (not zombie) descendants of this process,
// parents before their children. It walks /proc/PID/task/TID/children
// from our own PID, so it can only ever name our descendants; orphans
// re-parented to us (PID 1, subreaper) are found as our children.
func descendants() []kin {
	var found []kin
	queue := []int{os.Getpid()}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		tasks, _ := procfs.Names("/proc/" + strconv.Itoa(parent) + "/task")
		for _, task := range tasks {
			b, _ := procfs.ReadFile("/proc/" + strconv.Itoa(parent) + "/task/" + task + "/children")
			for _, f := range strings.Fields(string(b)) {
				pid, err := strconv.Atoi(f)
				if err != nil {
					continue
				}
				queue = append(queue, pid)
				if st, ok := readStat(pid); ok && st.state != 'Z' {
					found = append(found, kin{pid: pid, parent: parent, pgrp: st.pgrp, comm: st.comm})
				}
			}
		}
	}
	return found
}

// escapes lists the live descendants of this process that are not in
// the command's process group pgid: processes that left it (setsid, a
// shell's job control, a daemon's double fork) and that a signal to the
// group no longer reaches.
func escapes(pgid int) []kin {
	var out []kin
	for _, k := range descendants() {
		if k.pgrp != pgid {
			out = append(out, k)
		}
	}
	return out
}

// groupMembers lists the live members of process group pgid, wherever
// they are in the process tree: without reaping, the command's orphans
// are not our descendants. Only for reports: they are signalled through
// the group, never one by one.
func groupMembers(pgid int) []kin {
	var out []kin
	dir, _ := procfs.Names("/proc")
	for _, name := range dir {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok && st.pgrp == pgid && st.state != 'Z' {
			out = append(out, kin{pid: pid, parent: st.ppid, pgrp: st.pgrp, comm: st.comm})
		}
	}
	return out
}

// kin is a descendant (or a member of the command's group), the parent
// it was found under, its process group and its command name.
type kin struct {
	pid, parent, pgrp int
	comm              string
}

// signal sends sig to k if it is still the child of the same parent, or
// has become ours: a PID whose process exited meanwhile may have been
// given to a stranger, but a child of ours is our descendant whatever it
// is. (A cleanup's SIGKILL ends parents and children at once: a child
// found under its parent is often re-parented to us by the time its own
// turn comes.)
func (k kin) signal(sig syscall.Signal) error {
	if st, ok := readStat(k.pid); !ok || (st.ppid != k.parent && st.ppid != os.Getpid()) {
		return unix.ESRCH
	}
	return unix.Kill(k.pid, sig)
}

type procStat struct {
	comm       string
	state      byte
	ppid, pgrp int
}

func readStat(pid int) (procStat, bool) {
	b, err := procfs.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	// "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	j := bytes.IndexByte(b, '(')
	if i < 0 || j < 0 || j > i {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 {
		return procStat{}, false
	}
	ppid, _ := strconv.Atoi(string(f[1]))
	pgrp, _ := strconv.Atoi(string(f[2]))
	return procStat{comm: string(b[j+1 : i]), state: f[0][0], ppid: ppid, pgrp: pgrp}, true
}
