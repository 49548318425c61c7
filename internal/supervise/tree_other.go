//go:build unix && !linux

package supervise

import "syscall"

// escapes cannot walk the process tree portably: only the command's
// process group is signalled.
func escapes(int) []kin { return nil }

type kin struct{ pid, parent int }

func (kin) signal(syscall.Signal) error { return nil }
