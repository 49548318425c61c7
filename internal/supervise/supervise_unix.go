//go:build unix

package supervise

import (
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/sysprims/sysprims/exitcode"
)

// Config says where received signals go and what happens around the
// command's exit. The zero Config forwards every catchable signal to the
// command alone and waits for the command only.
type Config struct {
	// Group forwards to the command's whole process group (the command
	// leads a new session); otherwise to the command alone.
	Group bool
	// Skip lists signals that are neither caught nor forwarded (nohup
	// leaves SIGHUP ignored).
	Skip []syscall.Signal
	// Rewrite maps a received signal to the one forwarded; mapping to 0
	// drops it.
	Rewrite map[syscall.Signal]syscall.Signal
	// Reap waits for any child, not only the command: set it when the
	// process is PID 1 or a child subreaper, so inherited orphans are
	// reaped by the same loop that picks out the command's status.
	Reap bool
	// Cleanup sends SIGTERM to what remains of the command's process group
	// (and, with Reap, to every descendant that left it) once the command
	// has exited, SIGKILL after Grace (0: at once), and waits for all of
	// them to be gone. The grace period starts at the first forwarded
	// SIGTERM if one comes before the command's exit (docker stop): the
	// command and everything it started then get one Grace in all, and
	// what still runs when it is over, the command included, gets SIGKILL.
	// A Grace of 0 starts nothing on a SIGTERM: the command is never
	// killed the moment it is asked to stop.
	Cleanup bool
	Grace   time.Duration
	// TreeSignals lists the received signals that, forwarded to the
	// command's group (Group), also go to the descendants that left the
	// group (Reap only: then every descendant is ours to find), rewritten
	// as for the group. The cleanup reaches those descendants regardless.
	TreeSignals []syscall.Signal
	// Cgroup, when set, is the directory of a cgroup v2 that holds the
	// command's tree and not us (see [CommandCgroup]): at the end of the
	// grace period its cgroup.kill ends whatever the walk of the tree
	// missed (a fork in flight, a process being re-parented), and the
	// cleanup lasts until it is empty.
	Cgroup string
	// Logf, when set, is told about each forwarded signal and each reaped
	// child (--verbose).
	Logf func(format string, args ...any)
	// Cancel, when closed, sends SIGKILL to the command (its group with
	// Group), once; Run goes on until the command has been reaped. It is
	// how a cancelled context ends a supervised wait.
	Cancel <-chan struct{}
}

// Supervisor forwards signals to one command and waits for it.
type Supervisor struct {
	cfg     Config
	signals chan os.Signal
	// chld gets SIGCHLD. One slot is enough: a pending notification
	// already means "drain", and the runtime drops sends to a full channel.
	chld chan os.Signal
}

// Catch starts catching signals: the ones that end a process by default
// first, so that the window in which one still does is as short as it
// can be. Call it before the command can run (sysprims calls it in
// trampoline's Hold, while the stage starts up), then [Supervisor.Run]
// or, if the start failed, [Supervisor.Stop]. Each signal costs a round
// trip to the runtime's signal thread, about 60 of them in all.
func Catch(cfg Config) *Supervisor {
	s := newSupervisor(cfg)
	s.catchUrgent()
	s.catchRest()
	return s
}

func newSupervisor(cfg Config) *Supervisor {
	s := &Supervisor{
		cfg: cfg,
		// Room for a burst of distinct signals; the runtime coalesces
		// repeats of one signal, as the kernel does.
		signals: make(chan os.Signal, 64),
		chld:    make(chan os.Signal, 1),
	}
	// What the caller ignores stays ignored, here and in the command: a
	// signal not caught here is inherited as SIG_IGN by the stage, whose
	// runtime keeps it that way for these (see inheritedIgnored), and
	// whatever the moment the stage forks, it sees the same disposition.
	s.cfg.Skip = append(s.cfg.Skip[:len(s.cfg.Skip):len(s.cfg.Skip)], inheritedIgnored()...)
	return s
}

// catchUrgent catches the signals that end a process by default first:
// the sooner they are caught, the smaller the window in which one kills
// us.
func (s *Supervisor) catchUrgent() {
	for _, sig := range urgent {
		if !s.skipped(sig) {
			signal.Notify(s.signals, sig)
		}
	}
}

func (s *Supervisor) catchRest() {
	signal.Notify(s.chld, syscall.SIGCHLD)
	for _, sig := range Catchable() {
		if !s.skipped(sig) && !slices.Contains(urgent, sig) {
			signal.Notify(s.signals, sig)
		}
	}
}

// urgent are the signals a container or a shell sends to end a process.
var urgent = []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT}

func (s *Supervisor) skipped(sig syscall.Signal) bool {
	for _, k := range s.cfg.Skip {
		if k == sig {
			return true
		}
	}
	return false
}

// Stop stops catching signals and restores their default handling.
func (s *Supervisor) Stop() {
	signal.Stop(s.signals)
	signal.Stop(s.chld)
}

// safetyReap is how often Run looks for exited children without being
// told: the loop is driven by SIGCHLD, and one lost SIGCHLD (a debugger
// or strace detaching, a checkpoint/restore) must not mean waiting
// forever beside a zombie. tini wakes up as often.
var safetyReap = time.Second

// afterKill bounds the wait for the group once SIGKILL has been sent:
// only a process stuck in the kernel (state D) can outlive it.
const afterKill = 5 * time.Second

// Run forwards signals until pid has exited (and, with Cleanup, until its
// process group is gone) and returns how pid ended. pid must be a child
// of the caller that nothing else waits for.
//
// Run leaves the signals caught: restoring their default handling costs
// a round trip to the runtime's signal thread per signal, about as much
// as catching them did, and a caller that exits right after has no use
// for it. A caller that goes on calls [Supervisor.Stop].
func (s *Supervisor) Run(pid int) (exitcode.Status, error) {
	w := &waiter{cfg: s.cfg, pid: pid}
	defer w.stop()
	if err := w.collect(); err != nil {
		return exitcode.Status{}, err
	}
	cancel := s.cfg.Cancel
	safety := time.NewTicker(safetyReap)
	defer safety.Stop()
	for {
		if w.exited {
			if !s.cfg.Cleanup || w.allGone() {
				// What is left may be zombies of ours: reap them too.
				return w.status, w.collect()
			}
			w.leftovers()
		}
		select {
		case sig := <-s.signals:
			w.forward(sig.(syscall.Signal))
			w.stopping(sig.(syscall.Signal))
			// A command that is already gone cannot act on the signal:
			// without its SIGCHLD, this is when we learn that it went.
			if err := w.collect(); err != nil {
				return w.status, err
			}
		case <-s.chld:
			if err := w.collect(); err != nil {
				return w.status, err
			}
		case <-safety.C:
			if err := w.collect(); err != nil {
				return w.status, err
			}
		case <-w.cl.poll:
			w.killAgain()
			if err := w.collect(); err != nil {
				return w.status, err
			}
		case <-w.cl.grace:
			w.graceOver()
		case <-w.cl.giveUp:
			if w.exited {
				w.logf("process group %d still exists %v after SIGKILL; giving up", pid, afterKill)
				return w.status, nil
			}
			// The command itself outlives SIGKILL (stuck in the kernel):
			// its status is still to come, and ours to wait for.
			w.cl.giveUp = nil
		case <-cancel:
			// The command is not reaped before this loop reaps it, so
			// the PID (or group) is still the command's.
			cancel = nil
			w.kill(syscall.SIGKILL)
		}
	}
}
