//go:build unix && !linux

package trampoline

import "syscall"

const selfPath = "" // no /proc/self/exe: use os.Executable

const gateOverlaps = false

func sysProcAttr(Steps, syscall.Signal) *syscall.SysProcAttr { return nil }

func clearPdeathsig() error { return nil }

// setID says whether the stage must refuse; without a portable AT_SECURE,
// the IDs alone decide.
func setID() bool { return isSetID() }
