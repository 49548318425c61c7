//go:build unix

package supervise

import (
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// WaitOptions tune [Wait].
type WaitOptions struct {
	// Cancel, when closed before the child has ended, sends SIGKILL to
	// KillTarget (the child, or a process group as a negative number),
	// once; Wait goes on until the child is reaped, so a cancelled wait
	// leaves neither a process nor a zombie.
	Cancel     <-chan struct{}
	KillTarget int
	// Lock, when set, is held while the child is reaped, and Reaped is
	// called under it: whoever signals the child under the same Lock
	// (after checking what Reaped recorded) cannot reach a process that
	// reused its PID.
	Lock   sync.Locker
	Reaped func()
}

// Wait waits for the child pid to end and reaps it, retrying when a signal
// interrupts the wait. It is for a command that no Supervisor watches (a
// failed stage, a command started without forwarding); nothing else may
// wait for pid meanwhile.
//
// On Linux the end is awaited without reaping (waitid with WNOWAIT), so
// until Wait reaps, the PID is the child's: the Cancel kill and a signal
// sent under Lock reach it or nobody. Elsewhere the reap is the wait, and
// the Cancel kill can race it in the instant between the child's end and
// its reap, as os/exec's kill did before pidfds.
func Wait(pid int, opt WaitOptions) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	var err error
	reaped := false
	if canPeek {
		err = awaitEnd(pid, opt, func() error { return exited(pid) })
	} else {
		err = awaitEnd(pid, opt, func() (err error) {
			ws, err = reap(pid)
			reaped = true
			return err
		})
	}
	if err != nil {
		return ws, err
	}
	if opt.Lock != nil {
		opt.Lock.Lock()
		defer opt.Lock.Unlock()
	}
	if !reaped {
		ws, err = reap(pid)
	}
	if opt.Reaped != nil {
		opt.Reaped()
	}
	return ws, err
}

// awaitEnd runs end, and kills opt.KillTarget if opt.Cancel closes first.
func awaitEnd(pid int, opt WaitOptions, end func() error) error {
	if opt.Cancel == nil {
		return end()
	}
	done := make(chan error, 1)
	go func() { done <- end() }()
	select {
	case err := <-done:
		return err
	case <-opt.Cancel:
		_ = unix.Kill(opt.KillTarget, unix.SIGKILL)
		return <-done
	}
}

func reap(pid int) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			return ws, err
		}
	}
}
