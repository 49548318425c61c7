//go:build unix

package supervise

import (
	"fmt"
	"syscall"
	"time"

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
	ticker *time.Ticker // polls the group during cleanup
}

// stop releases the poll ticker.
func (w *waiter) stop() {
	if w.ticker != nil {
		w.ticker.Stop()
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
		w.logf("forwarded SIG%s%s to process group %d%s", Name(sig), as, w.pid, errSuffix(err))
		if ending(sig) {
			w.signalEscapes(to)
		}
	case w.exited:
		// --single-child and the command is gone: nobody asked for the
		// rest of the group to get it; cleanup deals with them.
		w.logf("dropped SIG%s: command has exited", Name(sig))
		return
	default:
		err := unix.Kill(w.pid, to)
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

// ending are the signals that ask a whole container to stop: they reach
// the processes that left the command's group too (see signalEscapes).
func ending(sig syscall.Signal) bool {
	return sig == unix.SIGTERM || sig == unix.SIGINT || sig == unix.SIGQUIT
}

// signalEscapes sends sig to our descendants outside the command's group,
// when we reap (PID 1 or subreaper), so that every descendant is ours to
// find: a daemon that left the group is shut down with the rest.
func (w *waiter) signalEscapes(sig syscall.Signal) {
	if !w.cfg.Reap || !w.cfg.Group {
		return
	}
	for _, k := range escapes(w.pid) {
		err := k.signal(sig)
		w.logf("sent SIG%s to pid %d, which left process group %d%s", Name(sig), k.pid, w.pid, errSuffix(err))
	}
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}

// terminateGroup sends SIGTERM to what remains of the command's group and
// arms the grace timer and the poll that watches the group go away.
func (w *waiter) terminateGroup() (grace, poll <-chan time.Time) {
	err := unix.Kill(-w.pid, unix.SIGTERM)
	w.logf("sent SIGTERM to what remains of process group %d%s", w.pid, errSuffix(err))
	w.signalEscapes(unix.SIGTERM)
	// Group members need not be our children (or, without Reap, we may not
	// reap them), so no SIGCHLD tells us they are gone: poll.
	w.ticker = time.NewTicker(20 * time.Millisecond)
	poll = w.ticker.C
	if w.cfg.Grace <= 0 {
		ch := make(chan time.Time, 1)
		ch <- time.Now()
		return ch, poll
	}
	return time.After(w.cfg.Grace), poll
}

// killGroup sends SIGKILL to the group and arms the give-up timer.
func (w *waiter) killGroup() <-chan time.Time {
	err := unix.Kill(-w.pid, unix.SIGKILL)
	w.logf("grace period over: sent SIGKILL to process group %d%s", w.pid, errSuffix(err))
	w.signalEscapes(unix.SIGKILL)
	return time.After(afterKill)
}

// groupGone reports whether no live process is left in the command's
// process group. A PGID is not reused while the group has members, so
// signalling -pid after the command exited reaches only its leftovers.
func (w *waiter) groupGone() bool {
	if w.cfg.Reap && w.cfg.Group && len(escapes(w.pid)) > 0 {
		return false
	}
	if err := unix.Kill(-w.pid, 0); err == unix.ESRCH {
		return true
	}
	return onlyZombies(w.pid)
}
