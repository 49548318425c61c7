//go:build unix && !linux

package supervise

import "syscall"

// The process tree cannot be walked portably: only the command's process
// group is signalled, and --verbose names no leftovers.
func descendants() []kin     { return nil }
func escapes(int) []kin      { return nil }
func groupMembers(int) []kin { return nil }

type kin struct {
	pid, parent, pgrp int
	comm              string
}

func (kin) signal(syscall.Signal) error { return nil }
