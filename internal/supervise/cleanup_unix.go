//go:build unix

package supervise

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// cleanup is the end of a Run with Config.Cleanup: one grace period,
// started by the first forwarded SIGTERM (docker stop) or by the
// command's exit, whichever comes first; SIGTERM to what is left once the
// command has exited; SIGKILL to everything still there, the command
// included, when the grace period is over.
type cleanup struct {
	deadline time.Time        // end of the grace period; zero until it starts
	grace    <-chan time.Time // fires at deadline
	ticker   *time.Ticker     // polls for the leftovers to go
	poll     <-chan time.Time
	giveUp   <-chan time.Time // bounds the wait after SIGKILL
	killed   bool             // the SIGKILL is out
}

// startGrace starts the grace period, once.
func (w *waiter) startGrace() {
	if !w.cl.deadline.IsZero() {
		return
	}
	w.cl.deadline = time.Now().Add(w.cfg.Grace)
	if w.cfg.Grace <= 0 {
		ch := make(chan time.Time, 1)
		ch <- w.cl.deadline
		w.cl.grace = ch
		return
	}
	w.cl.grace = time.After(w.cfg.Grace)
}

// stopping starts the grace period on a SIGTERM received and forwarded
// while the command runs: the container is being stopped (docker stop,
// runc kill, the kubelet), and its runtime sends SIGKILL to everything
// after a grace period of its own. Within ours, the command ends, the
// cleanup runs and we exit, instead of a fresh grace period after the
// command's exit that the runtime's SIGKILL would cut short.
func (w *waiter) stopping(sig syscall.Signal) {
	if !w.cfg.Cleanup || sig != unix.SIGTERM || w.exited || w.cfg.Grace <= 0 {
		// Grace 0 kills the leftovers at once; the command, asked to
		// stop, still gets the time to act on it.
		return
	}
	if to, ok := w.cfg.Rewrite[sig]; ok && to == 0 {
		return // dropped: nothing was asked of the command
	}
	if !w.cl.deadline.IsZero() {
		return
	}
	w.startGrace()
	w.logf("SIGTERM received: the grace period (%v) starts now", w.cfg.Grace)
}

// leftovers deals with what outlives the command, once: the poll that
// watches it go, and, unless the grace period is already over, a report
// (--verbose), SIGTERM to the command's group and to the descendants that
// left it, and the rest of the grace period.
func (w *waiter) leftovers() {
	if w.cl.poll != nil {
		return
	}
	// Group members need not be our children (or, without Reap, we may
	// not reap them), so no SIGCHLD tells us they are gone: poll.
	w.cl.ticker = time.NewTicker(20 * time.Millisecond)
	w.cl.poll = w.cl.ticker.C
	if w.cl.killed {
		return
	}
	if w.cfg.Logf != nil {
		for _, k := range w.remaining() {
			w.logf("still running when the command exited: pid %d (%s)", k.pid, k.comm)
		}
	}
	err := unix.Kill(-w.pid, unix.SIGTERM)
	w.logf("sent SIGTERM to what remains of process group %d%s", w.pid, errSuffix(err))
	w.signalEscapes(unix.SIGTERM)
	if !w.cl.deadline.IsZero() {
		w.logf("SIGKILL in %v, at the end of the grace period that began with the SIGTERM received",
			time.Until(w.cl.deadline).Round(time.Millisecond))
		return
	}
	w.startGrace()
}

// graceOver sends SIGKILL to the command's group and to the descendants
// that left it, names each process that gets it (--verbose), and arms
// the give-up timer.
func (w *waiter) graceOver() {
	w.cl.grace = nil
	w.cl.killed = true
	var victims []kin
	if w.cfg.Logf != nil {
		victims = w.remaining()
	}
	// The escapees first: while the command lives, they are where the walk
	// finds them; a parent that dies re-parents its children to us while
	// the walk may be reading elsewhere.
	w.signalEscapes(unix.SIGKILL)
	err := unix.Kill(-w.pid, unix.SIGKILL)
	w.logf("grace period over: sent SIGKILL to process group %d%s", w.pid, errSuffix(err))
	if w.cfg.Cgroup != "" {
		if err := killCgroup(w.cfg.Cgroup); err != nil {
			w.logf("cgroup.kill of %s not used: %v", w.cfg.Cgroup, err)
		} else {
			w.logf("sent SIGKILL to every process in cgroup %s (cgroup.kill)", w.cfg.Cgroup)
		}
	}
	for _, k := range victims {
		w.logf("killed after the grace period: pid %d (%s)", k.pid, k.comm)
	}
	w.cl.giveUp = time.After(afterKill)
}

// killAgain sends SIGKILL to any descendant outside the command's group
// still alive after the grace period, without a word: one a walk missed
// while its parent was dying (see graceOver).
func (w *waiter) killAgain() {
	if !w.cl.killed || !w.cfg.Reap {
		return
	}
	for _, k := range escapes(w.pid) {
		_ = k.signal(unix.SIGKILL)
	}
}

// remaining lists the live processes the cleanup signals: the command's
// group and, when we reap, every descendant that left it.
func (w *waiter) remaining() []kin {
	if !w.cfg.Reap {
		return groupMembers(w.pid)
	}
	return descendants()
}

// signalEscapes sends sig to our descendants outside the command's group,
// when we reap (PID 1 or subreaper), so that every descendant is ours to
// find: a daemon that left the group is shut down with the rest.
func (w *waiter) signalEscapes(sig syscall.Signal) {
	if !w.cfg.Reap {
		return
	}
	for _, k := range escapes(w.pid) {
		err := k.signal(sig)
		w.logf("sent SIG%s to pid %d, which left process group %d%s", Name(sig), k.pid, w.pid, errSuffix(err))
	}
}

// allGone reports whether nothing the cleanup waits for is left: no
// descendant outside the command's group (when we reap), no live process
// in the command's cgroup (Cgroup) and none in its group. A PGID is not reused while the group has members, so
// signalling -pid after the command exited reaches only its leftovers.
func (w *waiter) allGone() bool {
	if w.cfg.Reap && len(escapes(w.pid)) > 0 {
		return false
	}
	if w.cfg.Cgroup != "" && cgroupHoldsOurs(w.cfg.Cgroup) {
		return false
	}
	if err := unix.Kill(-w.pid, 0); err == unix.ESRCH {
		return true
	}
	return onlyZombies(w.pid)
}
