//go:build unix && !linux

package trampoline

import "syscall"

const selfPath = "" // no /proc/self/exe: use os.Executable

func sysProcAttr(Spec) *syscall.SysProcAttr { return nil }
