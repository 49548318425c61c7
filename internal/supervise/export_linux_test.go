package supervise

import (
	"os/signal"
	"time"
)

// LoseSIGCHLD makes s miss every SIGCHLD from now on, as it would under a
// tracer that discards them, and stretches the once-a-second look to d.
// The returned function restores the interval.
func LoseSIGCHLD(s *Supervisor, d time.Duration) (restore func()) {
	signal.Stop(s.chld)
	old := safetyReap
	safetyReap = d
	return func() { safetyReap = old }
}
