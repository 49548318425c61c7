package supervise

import "syscall"

// The real-time signals as glibc and kill(1) number them: the kernel's 32
// and 33 are taken by the C library's threads, so SIGRTMIN is 34. They
// matter to containers: systemd halts on SIGRTMIN+3.
const (
	rtMin     syscall.Signal = 34
	rtMax     syscall.Signal = 64
	maxSignal                = 64
)
