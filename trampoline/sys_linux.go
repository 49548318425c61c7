package trampoline

import (
	"syscall"

	"golang.org/x/sys/unix"
)

const selfPath = "/proc/self/exe"

// gateOverlaps says whether [Spec.Hold] runs while the stage starts
// (Linux, where a parent-death signal ends a gated stage whose parent
// died) or before it (elsewhere).
const gateOverlaps = true

// sysProcAttr gives the stage the parent-death signal sig; a detaching
// stage gets none, since its parent is meant to go.
func sysProcAttr(steps Steps, sig syscall.Signal) *syscall.SysProcAttr {
	if sig == 0 || steps&Detach != 0 {
		return nil
	}
	return &syscall.SysProcAttr{Pdeathsig: sig}
}

// clearPdeathsig undoes the gate's SIGKILL parent-death signal.
func clearPdeathsig() error {
	_, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// atSecure is the auxiliary vector's AT_SECURE key (elf.h).
const atSecure = 23

// setID says whether the stage must refuse: set-id by its IDs, or marked
// AT_SECURE by the kernel, which also covers file capabilities and LSM
// transitions where the IDs stay equal. An auxiliary vector that cannot be
// read leaves the ID comparison alone to decide.
func setID() bool {
	if isSetID() {
		return true
	}
	auxv, err := unix.Auxv()
	if err != nil {
		return false
	}
	for _, kv := range auxv {
		if kv[0] == atSecure {
			return kv[1] != 0
		}
	}
	return false
}
