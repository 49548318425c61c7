//go:build unix && !linux

package trampoline

import "syscall"

const selfPath = "" // no /proc/self/exe: use os.Executable

const gateOverlaps = false

func sysProcAttr(Steps, syscall.Signal) *syscall.SysProcAttr { return nil }

func clearPdeathsig() error { return nil }
