//go:build unix

package supervise

import (
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/pin"
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

// Catch starts catching signals. Call it before the command is started,
// then [Supervisor.Run] or, if the start failed, [Supervisor.Stop]. When
// [Prime] has already started catching what cfg asks for, Catch takes
// over its channels and the signals queued there.
func Catch(cfg Config) *Supervisor {
	p := takePrimed()
	if p == nil {
		return catch(cfg)
	}
	if p.skipsNoMoreThan(cfg.Skip) {
		skip := p.cfg.Skip
		p.cfg = cfg
		p.cfg.Skip = append(cfg.Skip[:len(cfg.Skip):len(cfg.Skip)], skip...)
		return p
	}
	// Catch anew first, then hand over what p queued, so that no signal
	// goes uncaught or lost in between.
	s := catch(cfg)
	p.Stop()
	for {
		select {
		case sig := <-p.signals:
			if !s.skipped(sig.(syscall.Signal)) {
				s.signals <- sig
			}
		default:
			return s
		}
	}
}

func catch(cfg Config) *Supervisor {
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

// primed is what Prime started, until Catch adopts it or Abandon ends it.
var primed struct {
	sync.Mutex
	done chan *Supervisor // gets the Supervisor once every signal is caught
}

// Prime starts catching every signal a [Supervisor] would, except skip:
// TERM, INT, HUP and QUIT before it returns, the others on a goroutine of
// its own. It is meant for a
// package's init function, as early as the program allows, on a path
// that will supervise: [Catch] then adopts what Prime caught, and a
// program that ends up not supervising calls [Abandon].
func Prime(skip []syscall.Signal) {
	primed.Lock()
	defer primed.Unlock()
	if primed.done != nil {
		return
	}
	done := make(chan *Supervisor, 1)
	primed.done = done
	s := newSupervisor(Config{Skip: skip})
	s.catchUrgent()
	go func() { s.catchRest(); done <- s }()
}

// takePrimed returns what Prime started, once it has caught every
// signal, and nil if Prime was not called (or already taken).
func takePrimed() *Supervisor {
	primed.Lock()
	done := primed.done
	primed.done = nil
	primed.Unlock()
	if done == nil {
		return nil
	}
	return <-done
}

// skipsNoMoreThan reports whether s catches every signal a Supervisor
// skipping skip would.
func (s *Supervisor) skipsNoMoreThan(skip []syscall.Signal) bool {
	ignored := inheritedIgnored()
	for _, sig := range s.cfg.Skip {
		if !slices.Contains(skip, sig) && !slices.Contains(ignored, sig) {
			return false
		}
	}
	return true
}

// Abandon ends what [Prime] started, if [Catch] has not adopted it, and
// returns the first signal it caught that ends a process by default:
// the program was asked to end while it could not yet act on it.
func Abandon() (syscall.Signal, bool) {
	s := takePrimed()
	if s == nil {
		return 0, false
	}
	defer s.Stop()
	for {
		select {
		case sig := <-s.signals:
			if fatalByDefault(sig.(syscall.Signal)) {
				return sig.(syscall.Signal), true
			}
		default:
			return 0, false
		}
	}
}

// fatalByDefault reports whether sig's default action ends the process.
func fatalByDefault(sig syscall.Signal) bool {
	switch sig {
	case syscall.SIGCHLD, syscall.SIGCONT, syscall.SIGURG, syscall.SIGWINCH,
		syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGSTOP:
		return false
	}
	return true
}

// CatchAsync starts [Catch] on a goroutine of its own and returns a
// function that waits for it and returns the Supervisor (the same one on
// every call, from one goroutine). Catching every signal takes about a
// millisecond, a round trip to the runtime's signal thread per signal,
// which a caller can spend preparing and starting the command instead:
// call the function from trampoline.Spec.Hold, so that the command runs
// only once every signal is caught.
//
// On sysprims' waiting paths the threads are pinned to one CPU while they
// catch (internal/pin): the affinity is restored, on the threads and on
// the stage forked meanwhile, before the function returns, so before the
// stage can exec the command. Elsewhere pin.Restore does nothing.
func CatchAsync(cfg Config) func() *Supervisor {
	done := make(chan *Supervisor, 1)
	go func() {
		s := Catch(cfg)
		pin.Restore()
		done <- s
	}()
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
