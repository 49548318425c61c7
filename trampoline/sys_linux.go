package trampoline

import "syscall"

const selfPath = "/proc/self/exe"

// gateOverlaps says whether [Spec.Hold] runs while the stage starts
// (Linux: the gated stage dies with its parent, see sysProcAttr) or
// before it (elsewhere).
const gateOverlaps = true

func sysProcAttr(spec Spec) *syscall.SysProcAttr {
	if spec.Steps&Detach != 0 {
		return nil
	}
	if spec.Hold != nil && spec.Pdeathsig == 0 {
		// A stage waiting at the gate must not outlive a parent killed
		// during Hold; it drops this before exec (gateKeepPdeathsig).
		return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
	if spec.Pdeathsig == 0 {
		return nil
	}
	return &syscall.SysProcAttr{Pdeathsig: spec.Pdeathsig}
}

// clearPdeathsig undoes the gate's SIGKILL parent-death signal.
func clearPdeathsig() error {
	_, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
