//go:build unix

package supervise

import (
	"errors"
	"fmt"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// notForwarded reports the signals a supervisor never catches to pass on:
// KILL and STOP cannot be caught, CHLD drives the wait loop, and URG is
// the Go runtime's own preemption signal (see the package comment). A
// function, not a map: a package-level map is built by an init function,
// which every start of the stage would run too.
func notForwarded(sig syscall.Signal) bool {
	switch sig {
	case unix.SIGKILL, unix.SIGSTOP, unix.SIGCHLD, unix.SIGURG:
		return true
	}
	return false
}

// Catchable lists the signals a supervisor catches and forwards: the
// classic signals 1 to 31 except those in notForwarded and those a Go
// program cannot catch (see uncatchable), plus the real-time signals
// where the platform has them (see rtMin).
func Catchable() []syscall.Signal {
	var sigs []syscall.Signal
	for n := syscall.Signal(1); n < 32; n++ {
		if !notForwarded(n) && !slices.Contains(uncatchable, n) {
			sigs = append(sigs, n)
		}
	}
	for n := rtMin; rtMin > 0 && n <= rtMax; n++ {
		if !slices.Contains(uncatchable, n) {
			sigs = append(sigs, n)
		}
	}
	return sigs
}

// jobControl are the signals after which the supervisor stops itself.
func jobControl(sig syscall.Signal) bool {
	switch sig {
	case unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU, unix.SIGSTOP:
		return true
	}
	return false
}

// ParseSignal reads a signal as a number ("15"), a name with or without
// the SIG prefix, in any case ("TERM", "sigterm"), or, where real-time
// signals exist, "RTMIN+N" / "RTMAX-N" as kill(1) writes them. Only
// signals a program may use are accepted: 1-31 and, on Linux, RTMIN to
// RTMAX; not 0, and not the kernel's 32 and 33, which glibc keeps for its
// own threads (a C program that receives one is in trouble).
func ParseSignal(s string) (syscall.Signal, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if n, err := strconv.Atoi(t); err == nil {
		if n > 31 && n < int(rtMin) {
			return 0, fmt.Errorf("signal %d is reserved for the C library's threads; real-time signals are %s", n, rtRange())
		}
		if n < 1 || n > maxSignal {
			return 0, fmt.Errorf("invalid signal number %q: signals are %s", s, validRange())
		}
		return syscall.Signal(n), nil
	}
	t = strings.TrimPrefix(t, "SIG")
	if sig, ok := parseRT(t); ok {
		return sig, nil
	}
	if sig := unix.SignalNum("SIG" + t); sig > 0 && sig < 32 {
		return sig, nil
	}
	return 0, fmt.Errorf("unknown signal %q", s)
}

// validRange names the signals ParseSignal accepts, for messages.
func validRange() string {
	if rtMin == 0 {
		return "1-31"
	}
	return "1-31 and " + rtRange()
}

func rtRange() string { return fmt.Sprintf("RTMIN to RTMAX (%d-%d)", rtMin, rtMax) }

// parseRT reads RTMIN, RTMIN+N, RTMAX and RTMAX-N.
func parseRT(t string) (syscall.Signal, bool) {
	if rtMin == 0 {
		return 0, false
	}
	for _, base := range []struct {
		name string
		sig  syscall.Signal
		sign int
	}{{"RTMIN", rtMin, 1}, {"RTMAX", rtMax, -1}} {
		rest, ok := strings.CutPrefix(t, base.name)
		if !ok {
			continue
		}
		if rest == "" {
			return base.sig, true
		}
		op := "+"
		if base.sign < 0 {
			op = "-"
		}
		num, ok := strings.CutPrefix(rest, op)
		n, err := strconv.Atoi(num)
		if !ok || err != nil || n < 0 || n > int(rtMax-rtMin) {
			return 0, false
		}
		return base.sig + syscall.Signal(base.sign*n), true
	}
	return 0, false
}

// ParseRewrite reads one FROM:TO pair, each side as [ParseSignal] reads
// it, except that TO may be 0: the signal is then dropped, not forwarded.
// FROM must be a signal the supervisor catches and forwards (see
// [Catchable]): a rule for any other could never apply.
func ParseRewrite(s string) (from, to syscall.Signal, err error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("invalid rewrite %q: want FROM:TO, e.g. TERM:QUIT", s)
	}
	if from, err = ParseSignal(a); err != nil {
		return 0, 0, fmt.Errorf("invalid rewrite %q: %w", s, err)
	}
	if !slices.Contains(Catchable(), from) {
		return 0, 0, fmt.Errorf("invalid rewrite %q: %s", s, whyNotForwarded(from))
	}
	if strings.TrimSpace(b) == "0" {
		return from, 0, nil
	}
	if to, err = ParseSignal(b); err != nil {
		return 0, 0, fmt.Errorf("invalid rewrite %q: %w", s, err)
	}
	return from, to, nil
}

// ParseForwarded reads a signal as [ParseSignal] does and accepts only
// one the supervisor catches and forwards (see [Catchable]): a setting
// about any other could never apply.
func ParseForwarded(s string) (syscall.Signal, error) {
	sig, err := ParseSignal(s)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(Catchable(), sig) {
		return 0, errors.New(whyNotForwarded(sig))
	}
	return sig, nil
}

// whyNotForwarded says why sig is not in [Catchable].
func whyNotForwarded(sig syscall.Signal) string {
	name := "SIG" + Name(sig)
	switch sig {
	case unix.SIGKILL, unix.SIGSTOP:
		return name + " cannot be caught"
	case unix.SIGCHLD:
		return name + " is not forwarded: it tells sysprims that a child has exited"
	case unix.SIGURG:
		return name + " is not forwarded: the Go runtime sends it to its own threads"
	case unix.SIGPROF:
		return name + " is not forwarded: the Go runtime keeps it for its profiler"
	}
	if sig == rtMin {
		return "SIGRTMIN is not forwarded: the Go runtime does not let a program catch it"
	}
	return name + " is not forwarded"
}

// Name is a signal's short name for messages: "TERM", "RTMIN+3", "40".
func Name(sig syscall.Signal) string {
	if rtMin > 0 && sig >= rtMin && sig <= rtMax {
		return fmt.Sprintf("RTMIN+%d", sig-rtMin)
	}
	if n := unix.SignalName(sig); n != "" {
		return strings.TrimPrefix(n, "SIG")
	}
	return strconv.Itoa(int(sig))
}

// ignoredPortably lists the signals os/signal reports as ignored since
// the start: SIGHUP and SIGINT, the two the runtime leaves at an
// inherited SIG_IGN and says so.
func ignoredPortably() []syscall.Signal {
	var sigs []syscall.Signal
	for _, sig := range []syscall.Signal{unix.SIGHUP, unix.SIGINT} {
		if signal.Ignored(sig) {
			sigs = append(sigs, sig)
		}
	}
	return sigs
}
