//go:build unix && !linux

package supervise

import "syscall"

// Only Linux real-time signals are forwarded; elsewhere the classic set.
const (
	rtMin     syscall.Signal = 0
	rtMax     syscall.Signal = 0
	maxSignal                = 31
)

// yieldToRecipient does nothing here: see the Linux version.
func yieldToRecipient() {}
