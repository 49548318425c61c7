//go:build unix

package supervise

import (
	"os"
	"os/signal"
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
	// once the command has exited, SIGKILL after Grace (0: at once), and
	// waits for the group to be gone.
	Cleanup bool
	Grace   time.Duration
	// Logf, when set, is told about each forwarded signal and each reaped
	// child (--verbose).
	Logf func(format string, args ...any)
}

// Supervisor forwards signals to one command and waits for it.
type Supervisor struct {
	cfg     Config
	signals chan os.Signal
	// chld gets SIGCHLD. One slot is enough: a pending notification
	// already means "drain", and the runtime drops sends to a full channel.
	chld chan os.Signal
}

// Catch starts catching signals. Call it before the command is started,
// then [Supervisor.Run] or, if the start failed, [Supervisor.Stop].
func Catch(cfg Config) *Supervisor {
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
	signal.Notify(s.chld, syscall.SIGCHLD)
	for _, sig := range Catchable() {
		if !s.skipped(sig) {
			signal.Notify(s.signals, sig)
		}
	}
	return s
}

// CatchAsync starts [Catch] on a goroutine of its own and returns a
// function that waits for it and returns the Supervisor (the same one on
// every call, from one goroutine). Catching every signal takes about a
// millisecond, a round trip to the runtime's signal thread per signal,
// which a caller can spend preparing and starting the command instead:
// call the function from trampoline.Spec.Hold, so that the command runs
// only once every signal is caught.
func CatchAsync(cfg Config) func() *Supervisor {
	done := make(chan *Supervisor, 1)
	go func() { done <- Catch(cfg) }()
	var s *Supervisor
	return func() *Supervisor {
		if s == nil {
			s = <-done
		}
		return s
	}
}

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
	// The command runs: whatever is ignored now can no longer reach it.
	ignoreUncatchable()
	w := &waiter{cfg: s.cfg, pid: pid}
	defer w.stop()
	if err := w.collect(); err != nil {
		return exitcode.Status{}, err
	}
	var grace, poll, giveUp <-chan time.Time
	safety := time.NewTicker(safetyReap)
	defer safety.Stop()
	for {
		if w.exited {
			if !s.cfg.Cleanup || w.groupGone() {
				// What is left may be zombies of ours: reap them too.
				return w.status, w.collect()
			}
			if poll == nil { // the group outlives the command: clean up once
				grace, poll = w.terminateGroup()
			}
		}
		select {
		case sig := <-s.signals:
			w.forward(sig.(syscall.Signal))
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
		case <-poll:
			if err := w.collect(); err != nil {
				return w.status, err
			}
		case <-grace:
			grace = nil
			giveUp = w.killGroup()
		case <-giveUp:
			w.logf("process group %d still exists %v after SIGKILL; giving up", pid, afterKill)
			return w.status, nil
		}
	}
}
