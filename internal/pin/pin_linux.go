package pin

import (
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/procfs"
)

// Threads pins every thread of the process to the CPU the caller runs
// on, and returns the function that gives each thread the affinity the
// process had. Threads started meanwhile inherit the pin: the restore
// goes over the threads twice, the second time for those.
func Threads() (restore func()) {
	var orig unix.CPUSet
	if unix.SchedGetaffinity(0, &orig) != nil || orig.Count() < 2 {
		return func() {}
	}
	var cpu uint32
	if _, _, errno := syscall.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); errno != 0 || !orig.IsSet(int(cpu)) {
		return func() {}
	}
	var one unix.CPUSet
	one.Set(int(cpu))
	setAll(&one)
	return func() {
		setAll(&orig)
		setAll(&orig)
	}
}

// setAll sets the affinity of every thread of the process.
func setAll(set *unix.CPUSet) {
	tasks, _ := procfs.Names("/proc/self/task")
	for _, name := range tasks {
		if tid, err := strconv.Atoi(name); err == nil {
			_ = unix.SchedSetaffinity(tid, set)
		}
	}
}
