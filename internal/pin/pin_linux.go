package pin

import (
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

var state struct {
	sync.Mutex
	pinned bool
	orig   unix.CPUSet
	before map[int]bool // children at the time of Threads
}

// Threads pins every thread of the process to the CPU it runs on.
func Threads() {
	state.Lock()
	defer state.Unlock()
	if state.pinned || unix.SchedGetaffinity(0, &state.orig) != nil || state.orig.Count() < 2 {
		return
	}
	var cpu uint32
	if _, _, errno := syscall.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); errno != 0 || !state.orig.IsSet(int(cpu)) {
		return
	}
	var one unix.CPUSet
	one.Set(int(cpu))
	state.before = map[int]bool{}
	for _, pid := range children() {
		state.before[pid] = true
	}
	state.pinned = true
	setAll(&one)
}

// Restore gives every thread of the process, and each child started since
// [Threads], the affinity the process had before.
func Restore() {
	state.Lock()
	defer state.Unlock()
	if !state.pinned {
		return
	}
	state.pinned = false
	// Twice: a thread started during the first pass, by a thread not yet
	// restored, got the pinned mask.
	setAll(&state.orig)
	setAll(&state.orig)
	for _, pid := range children() {
		if !state.before[pid] {
			_ = unix.SchedSetaffinity(pid, &state.orig)
		}
	}
}

// setAll sets the affinity of every thread of the process.
func setAll(set *unix.CPUSet) {
	for _, tid := range tasks() {
		_ = unix.SchedSetaffinity(tid, set)
	}
}

func tasks() []int {
	var ids []int
	for _, name := range names("/proc/self/task") {
		if id, err := strconv.Atoi(name); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// children lists the process's children, from each thread's list.
func children() []int {
	var pids []int
	for _, tid := range tasks() {
		for _, f := range strings.Fields(string(read("/proc/self/task/" + strconv.Itoa(tid) + "/children"))) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// names and read use system calls, not package os: the first file os
// opens sets up the runtime's network poller, two descriptors for good,
// which a tight RLIMIT_NOFILE needs for the stage (hardening_test.go).

// names lists the entries of the folder at path.
func names(path string) []string {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	var out []string
	buf := make([]byte, 4096)
	for {
		n, err := unix.ReadDirent(fd, buf)
		if err != nil || n <= 0 {
			return out
		}
		_, _, out = unix.ParseDirent(buf[:n], -1, out)
	}
}

// read returns the contents of the (small) file at path.
func read(path string) []byte {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	var out []byte
	buf := make([]byte, 512)
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return out
		}
		out = append(out, buf[:n]...)
	}
}
