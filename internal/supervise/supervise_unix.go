//go:build unix

package supervise

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
)

// Config says where received signals go.
type Config struct {
	// Group forwards to the command's whole process group (the command
	// leads a new session); otherwise to the command alone.
	Group bool
	// Skip lists signals that are not forwarded (nohup keeps SIGHUP).
	Skip []syscall.Signal
}

// Forwarded lists the signals a supervisor catches and passes on.
var Forwarded = []syscall.Signal{
	unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGTERM,
	unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH,
}

// Supervisor forwards signals to one command and waits for it.
type Supervisor struct {
	cfg     Config
	signals chan os.Signal
}

// Catch starts catching the forwarded signals. Call it before the command
// is started, then [Supervisor.Run] or, if the start failed, [Supervisor.Stop].
func Catch(cfg Config) *Supervisor {
	s := &Supervisor{cfg: cfg, signals: make(chan os.Signal, 128)}
	for _, sig := range Forwarded {
		if !s.skipped(sig) {
			signal.Notify(s.signals, sig)
		}
	}
	return s
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
}

// Run forwards signals to pid until it exits, and returns how it ended.
func (s *Supervisor) Run(pid int) (exitcode.Status, error) {
	defer s.Stop()
	type result struct {
		ws  syscall.WaitStatus
		err error
	}
	done := make(chan result, 1)
	go func() {
		var ws syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &ws, 0, nil)
			if err != syscall.EINTR {
				done <- result{ws, err}
				return
			}
		}
	}()
	target := pid
	if s.cfg.Group {
		target = -pid
	}
	for {
		select {
		case sig := <-s.signals:
			_ = unix.Kill(target, sig.(syscall.Signal))
		case r := <-done:
			return exitcode.FromWaitStatus(r.ws), r.err
		}
	}
}
