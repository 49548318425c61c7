package limits

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/procfs"
)

// MinTasks is the RLIMIT_NPROC (ulimit -u) sysprims needs: its own
// threads (the Go runtime's, one blocked in signal delivery, one in each
// blocking system call), the stage's while it starts, and the command.
// Measured with setsid --wait and init on two CPUs and one P: 13 tasks
// always sufficed, 12 did in 7 to 9 runs of 10; one more for margin.
const MinTasks = 14

// tightTasks is the ulimit -u under which Check runs the program on one
// P: with a P per CPU the runtime may start a thread per CPU besides
// those MinTasks counts (measured: on two CPUs with two Ps, 14 tasks
// failed in 1 to 2 runs of 80). One P costs a stop of the world, about
// 0.3 ms at start, not worth paying when the limit leaves room.
func tightTasks() uint64 { return MinTasks + 2*uint64(runtime.NumCPU()) }

// heapArena is the unit in which the Go runtime reserves address space
// for its heap on Linux: 64 MiB on 64-bit platforms, 4 MiB on 32-bit.
const heapArena = 4<<20 + (64<<20-4<<20)*uint64(unsafe.Sizeof(uintptr(0))/8)

// slack is room for what else a running sysprims maps: thread stacks, the
// allocator's metadata.
const slack = 16 << 20

// Check returns an error matching [ErrTooLow] when RLIMIT_NPROC or
// RLIMIT_AS is too low for sysprims to finish what it starts. When
// RLIMIT_NPROC is not too low but tight, it sets GOMAXPROCS to 1: a
// wrapper has no parallel work to lose.
func Check() error {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NPROC, &rl) == nil && rl.Cur != unix.RLIM_INFINITY &&
		rl.Cur < tightTasks() && !nprocExempt() {
		if rl.Cur < MinTasks {
			return tooLow(fmt.Sprintf("ulimit -u is %d, below the %d processes and threads sysprims needs with its command",
				rl.Cur, MinTasks))
		}
		runtime.GOMAXPROCS(1)
	}
	if unix.Getrlimit(unix.RLIMIT_AS, &rl) != nil || rl.Cur == unix.RLIM_INFINITY {
		return nil
	}
	if size, ok := addressSpace(); ok {
		// One more heap arena may still be needed: the runtime reserves
		// one when its randomised heap base leaves too little room in the
		// first (in about 1 run of 30). When that has happened already,
		// it is part of size, and the need is the same: the limit is
		// refused or not whatever the dice said.
		need := size + heapArena + slack
		if secondArena() {
			need -= heapArena
		}
		if rl.Cur < need {
			return tooLow(fmt.Sprintf("ulimit -v is %d KiB, below the %d KiB sysprims needs (the Go runtime reserves most of it)",
				rl.Cur>>10, (need+1023)>>10))
		}
	}
	return nil
}

// nprocExempt reports whether fork(2) ignores RLIMIT_NPROC for us: the
// kernel exempts a real UID of root and holders of CAP_SYS_RESOURCE or
// CAP_SYS_ADMIN.
func nprocExempt() bool {
	if unix.Getuid() == 0 {
		return true
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if unix.Capget(&hdr, &data[0]) != nil {
		return false
	}
	const admin, resource = 1 << unix.CAP_SYS_ADMIN, 1 << unix.CAP_SYS_RESOURCE
	return data[0].Effective&(admin|resource) != 0
}

// secondArena reports whether the runtime has reserved a heap arena next
// to the first: the one holding os.Args, allocated before main. It asks
// mincore(2), which fails with ENOMEM where nothing is mapped; arenas
// are reserved next to each other unless the address is taken, and a
// distant one goes unseen, which only makes Check stricter.
func secondArena() bool {
	const arena = uintptr(heapArena)
	first := uintptr(unsafe.Pointer(unsafe.SliceData(os.Args))) &^ (arena - 1)
	return mapped(first+arena) || (first >= arena && mapped(first-arena))
}

func mapped(addr uintptr) bool {
	var vec [1]byte
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, addr, uintptr(os.Getpagesize()), uintptr(unsafe.Pointer(&vec[0])))
	return errno == 0
}

// addressSpace is the size of this process's address space now, most of
// it reserved by the Go runtime at start.
func addressSpace() (uint64, bool) {
	b, err := procfs.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	field, _, _ := bytes.Cut(b, []byte(" "))
	pages, err := strconv.ParseUint(string(field), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * uint64(os.Getpagesize()), true
}
