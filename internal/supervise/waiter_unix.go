//go:build unix

package supervise

import (
	"fmt"
	"slices"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
)

// waiter is the state of one Run: the command, whether it has exited,
// and how.
type waiter struct {
	cfg    Config
	pid    int
	exited bool
	status exitcode.Status
	cl     cleanup
}

// stop releases the cleanup's poll ticker.
func (w *waiter) stop() {
	if w.cl.ticker != nil {
		w.cl.ticker.Stop()
	}
}

func (w *waiter) logf(format string, args ...any) {
	if w.cfg.Logf != nil {
		w.cfg.Logf(format, args...)
	}
}

// collect reaps every child that has exited, without blocking: with Reap
// any child, otherwise the command only. It is the one place that waits.
func (w *waiter) collect() error {
	for {
		if w.exited && !w.cfg.Reap {
			return nil
		}
		wpid := w.pid
		if w.cfg.Reap {
			wpid = -1
		}
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(wpid, &ws, syscall.WNOHANG, nil)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.ECHILD && w.exited:
			return nil // reaped everything we had
		case err != nil:
			return fmt.Errorf("wait for %d: %w", w.pid, err)
		case got <= 0:
			return nil // children left, none exited
		}
		st := exitcode.FromWaitStatus(ws)
		if got == w.pid {
			w.exited, w.status = true, st
			w.logf("command (pid %d) exited: %v", got, st)
		} else {
			w.logf("reaped pid %d: %v", got, st)
		}
	}
}

// kill sends sig to the command's group with Group (a group ID is not
// reused while the group has members), or else to the command unless it
// has already been reaped.
func (w *waiter) kill(sig syscall.Signal) {
	if w.exited && !w.cfg.Group {
		return
	}
	target := w.pid
	if w.cfg.Group {
		target = -w.pid
	}
	err := unix.Kill(target, sig)
	w.logf("sent SIG%s to %d%s", Name(sig), target, errSuffix(err))
}

// forward passes a received signal on, rewritten as configured. Whether
// to stop afterwards is decided on the signal received, not the one sent:
// a TTIN rewritten as TERM still means the job is to stop.
func (w *waiter) forward(sig syscall.Signal) {
	to, rewritten := w.cfg.Rewrite[sig]
	if !rewritten {
		to = sig
	}
	if to == 0 {
		w.logf("dropped SIG%s (rewritten to 0)", Name(sig))
		return
	}
	as := ""
	if to != sig {
		as = " as SIG" + Name(to)
	}
	switch {
	case w.cfg.Group:
		err := unix.Kill(-w.pid, to)
		yieldToRecipient()
		w.logf("forwarded SIG%s%s to process group %d%s", Name(sig), as, w.pid, errSuffix(err))
		if slices.Contains(w.cfg.TreeSignals, sig) {
			w.signalEscapes(to)
		}
	case w.exited:
		// --single-child and the command is gone: nobody asked for the
		// rest of the group to get it; cleanup deals with them.
		w.logf("dropped SIG%s: command has exited", Name(sig))
		return
	default:
		err := unix.Kill(w.pid, to)
		yieldToRecipient()
		w.logf("forwarded SIG%s%s to pid %d%s", Name(sig), as, w.pid, errSuffix(err))
	}
	if jobControl(sig) {
		// As a shell expects of a job: the whole job stops, us included.
		// The SIGCONT that resumes us is caught and forwarded. (PID 1
		// cannot stop itself; the kernel ignores this there.)
		w.logf("stopping (job control)")
		_ = unix.Kill(unix.Getpid(), unix.SIGSTOP)
	}
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}
