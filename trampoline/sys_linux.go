package trampoline

import "syscall"

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
