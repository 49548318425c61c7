//go:build linux

package supervise_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/supervise"
)

func TestSuperviseParseSignal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want syscall.Signal
		err  bool
	}{
		{in: "TERM", want: unix.SIGTERM},
		{in: "sigterm", want: unix.SIGTERM},
		{in: "SIGUSR1", want: unix.SIGUSR1},
		{in: "15", want: unix.SIGTERM},
		{in: "RTMIN", want: 34},
		{in: "RTMIN+3", want: 37},
		{in: "SIGRTMAX-1", want: 63},
		{in: "0", err: true},
		{in: "65", err: true},
		{in: "NOPE", err: true},
		{in: "RTMIN+31", err: true},
		{in: "", err: true},
	} {
		got, err := supervise.ParseSignal(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseSignal(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestSuperviseParseRewrite(t *testing.T) {
	type pair struct{ From, To syscall.Signal }
	for _, tc := range []struct {
		in   string
		want pair
		err  bool
	}{
		{in: "TERM:QUIT", want: pair{unix.SIGTERM, unix.SIGQUIT}},
		{in: "15:10", want: pair{unix.SIGTERM, unix.SIGUSR1}},
		{in: "INT:0", want: pair{unix.SIGINT, 0}},
		{in: "TERM", err: true},
		{in: "TERM:", err: true},
		{in: "0:TERM", err: true},
	} {
		from, to, err := supervise.ParseRewrite(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseRewrite(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if diff := cmp.Diff(tc.want, pair{from, to}); diff != "" {
			t.Errorf("ParseRewrite(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestSuperviseCatchable(t *testing.T) {
	got := map[syscall.Signal]bool{}
	for _, s := range supervise.Catchable() {
		got[s] = true
	}
	for _, s := range []syscall.Signal{unix.SIGKILL, unix.SIGSTOP, unix.SIGCHLD, unix.SIGURG} {
		if got[s] {
			t.Errorf("Catchable() includes %v", s)
		}
	}
	for _, s := range []syscall.Signal{unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGWINCH, unix.SIGTSTP,
		unix.SIGCONT, unix.SIGTTIN, unix.SIGTTOU, unix.SIGUSR1, unix.SIGPIPE, 37 /* RTMIN+3 */} {
		if !got[s] {
			t.Errorf("Catchable() lacks %v", s)
		}
	}
}

// start runs a shell script as a new process-group leader, our child, and
// leaves the waiting to the supervisor (no os/exec, which would wait too).
func start(t *testing.T, script string) int {
	t.Helper()
	pid, err := syscall.ForkExec("/bin/sh", []string{"sh", "-c", script}, &syscall.ProcAttr{
		Env:   os.Environ(),
		Files: []uintptr{0, 1, 2},
		Sys:   &syscall.SysProcAttr{Setpgid: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// A signal that arrives before the command exists is queued by Catch and
// delivered once Run knows the PID.
func TestSuperviseQueuesSignalsBeforeStart(t *testing.T) {
	sv := supervise.Catch(supervise.Config{Group: true})
	t.Cleanup(sv.Stop)
	if err := unix.Kill(unix.Getpid(), unix.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	pid := start(t, "exec sleep 1000")
	st, err := sv.Run(pid)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exitcode.Status{Signal: unix.SIGUSR1}, st); diff != "" {
		t.Errorf("Run() mismatch (-want +got):\n%s", diff)
	}
}

// With Reap on, one loop reaps the orphans the command leaves and still
// returns the command's own status: the status is never stolen.
func TestSuperviseReapKeepsCommandStatus(t *testing.T) {
	if err := supervise.SetSubreaper(); err != nil {
		t.Fatal(err)
	}
	defer unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
	var logged []string
	for code := 0; code < 20; code++ {
		sv := supervise.Catch(supervise.Config{Group: true, Reap: true, Cleanup: true, Grace: time.Minute,
			Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
		t.Cleanup(sv.Stop)
		// Orphans that exit at once, and one that outlives the command
		// and must be terminated by the cleanup.
		pid := start(t, fmt.Sprintf("(true &); (true &); (sleep 1000 &); exit %d", code))
		st, err := sv.Run(pid)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(exitcode.Status{Code: code}, st); diff != "" {
			t.Fatalf("Run() mismatch (-want +got):\n%s\nlog: %q", diff, logged)
		}
		// Everything was reaped: we have no child left, not even a zombie.
		if _, err := unix.Wait4(-1, nil, unix.WNOHANG, nil); !errors.Is(err, unix.ECHILD) {
			t.Fatalf("after Run, wait4(-1) = %v, want ECHILD; log: %q", err, logged)
		}
	}
}

// The cleanup terminates a group member that ignores SIGTERM with SIGKILL
// once the grace period is over.
func TestSuperviseCleanupKillsAfterGrace(t *testing.T) {
	// The member outlives the command, its parent: as a subreaper we
	// inherit it, so we can tell how it ended (elsewhere the host's init
	// would reap it, or leave a zombie).
	if err := supervise.SetSubreaper(); err != nil {
		t.Fatal(err)
	}
	defer unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
	var logged []string
	sv := supervise.Catch(supervise.Config{Group: true, Cleanup: true, Grace: 50 * time.Millisecond,
		Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
	t.Cleanup(sv.Stop)
	dir := t.TempDir()
	pid := start(t, `sh -c 'trap "" TERM; touch `+dir+`/ready; while :; do sleep 1; done' &
		while [ ! -e `+dir+`/ready ]; do sleep 0.01; done; exit 4`)
	st, err := sv.Run(pid)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exitcode.Status{Code: 4}, st); diff != "" {
		t.Errorf("Run() mismatch (-want +got):\n%s", diff)
	}
	if !slices.Contains(logged, fmt.Sprintf("grace period over: sent SIGKILL to process group %d", pid)) {
		t.Errorf("no SIGKILL logged: %q", logged)
	}
	// Run returned once only zombies were left: the member sh (and its
	// sleep, which inherited the ignored TERM), ours now, killed by
	// SIGKILL. Once they are reaped, the group is gone.
	reaped := 0
	for ; ; reaped++ {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if errors.Is(err, unix.ECHILD) {
			break
		}
		if err != nil || got <= 0 {
			t.Fatalf("after Run, wait4(-1) = %d, %v: a group member is still running; log: %q", got, err, logged)
		}
		if !ws.Signaled() || ws.Signal() != unix.SIGKILL {
			t.Errorf("group member %d ended with %v, want killed by SIGKILL", got, exitcode.FromWaitStatus(ws))
		}
	}
	if reaped == 0 {
		t.Errorf("no group member was left to reap: the one that ignores TERM was not ours")
	}
	if err := unix.Kill(-pid, 0); !errors.Is(err, unix.ESRCH) {
		t.Errorf("group %d after Run, its members reaped: kill -0 = %v, want ESRCH", pid, err)
	}
}

// Without any SIGCHLD, Run still notices that the command is gone: at the
// latest on its once-a-second look (here stretched to an hour, so that
// only the other way can end the test), and at once when a signal comes
// to forward, which a command already gone can no longer take. The
// command exits a moment after a forwarded SIGUSR1, so Run is already
// waiting then, and the look Run takes right after forwarding it comes
// too early.
func TestSuperviseLostSIGCHLD(t *testing.T) {
	for _, tc := range []struct {
		name  string
		every time.Duration
		kick  bool
	}{
		{name: "safety look", every: 10 * time.Millisecond},
		{name: "signal to forward", every: time.Hour, kick: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sv := supervise.Catch(supervise.Config{Group: true})
			t.Cleanup(sv.Stop)
			defer supervise.LoseSIGCHLD(sv, tc.every)()
			ready := t.TempDir() + "/ready"
			pid := start(t, "trap 'sleep 0.1; exit 7' USR1; : >"+ready+"; while :; do sleep 0.01; done")
			done := make(chan exitcode.Status, 1)
			go func() {
				st, err := sv.Run(pid)
				if err != nil {
					t.Error(err)
				}
				done <- st
			}()
			for _, err := os.Stat(ready); err != nil; _, err = os.Stat(ready) {
				time.Sleep(5 * time.Millisecond)
			}
			if err := unix.Kill(unix.Getpid(), unix.SIGUSR1); err != nil {
				t.Fatal(err)
			}
			if tc.kick {
				waitZombie(t, pid)
				if err := unix.Kill(unix.Getpid(), unix.SIGUSR2); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case st := <-done:
				if diff := cmp.Diff(exitcode.Status{Code: 7}, st); diff != "" {
					t.Errorf("Run() mismatch (-want +got):\n%s", diff)
				}
			case <-time.After(time.Minute):
				t.Fatalf("Run still waiting a minute after pid %d was told to exit", pid)
			}
		})
	}
}

// waitZombie waits until pid has exited and is waiting to be reaped.
func waitZombie(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if errors.Is(err, fs.ErrNotExist) {
			return // reaped already: Run looked at the right moment after all
		}
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.LastIndexByte(string(b), ')'); i > 0 && strings.HasPrefix(string(b[i:]), ") Z") {
			return
		}
	}
	t.Fatalf("pid %d did not exit", pid)
}

// A signal that arrives once Catch has returned, while the command is
// still being started, is queued and forwarded as soon as Run begins:
// sysprims catches in trampoline's Hold, and the command runs after.
func TestSuperviseQueuesSignalsBeforeRun(t *testing.T) {
	sv := supervise.Catch(supervise.Config{Group: true})
	t.Cleanup(sv.Stop)
	if err := unix.Kill(unix.Getpid(), unix.SIGTERM); err != nil {
		t.Fatal(err)
	}
	st, err := sv.Run(start(t, "exec sleep 1000"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exitcode.Status{Signal: unix.SIGTERM}, st); diff != "" {
		t.Errorf("Run() mismatch (-want +got):\n%s", diff)
	}
}
