package trampoline

import "syscall"

const selfPath = "/proc/self/exe"

func sysProcAttr(spec Spec) *syscall.SysProcAttr {
	if spec.Pdeathsig == 0 || spec.Steps&Detach != 0 {
		return nil
	}
	return &syscall.SysProcAttr{Pdeathsig: spec.Pdeathsig}
}
