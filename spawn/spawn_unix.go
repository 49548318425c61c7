//go:build unix

package spawn

import (
	"context"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/exitcode"
	"github.com/sysprims/sysprims/internal/session"
	"github.com/sysprims/sysprims/trampoline"
)

// RunSetsidContext is [RunSetsid] with a context that cancels the wait.
func RunSetsidContext(ctx context.Context, command string, args []string, cfg SetsidConfig) (SetsidOutcome, error) {
	if err := ctx.Err(); err != nil {
		return SetsidOutcome{}, err
	}
	pid, err := session.StartSetsid(argv(command, args), cfg.Ctty, session.Options{Detach: !cfg.Wait})
	if err != nil || !cfg.Wait {
		return SetsidOutcome{PID: pid}, err
	}
	st, err := wait(ctx, pid, -pid)
	return SetsidOutcome{PID: pid, Status: &st}, err
}

// RunNohupContext is [RunNohup] with a context that cancels the wait.
func RunNohupContext(ctx context.Context, command string, args []string, cfg NohupConfig) (NohupOutcome, error) {
	if err := ctx.Err(); err != nil {
		return NohupOutcome{}, err
	}
	n, err := session.StartNohup(argv(command, args), cfg.OutputFile, session.Options{Detach: !cfg.Wait})
	out := NohupOutcome{PID: n.PID, OutputFile: n.OutputFile}
	if err != nil || !cfg.Wait {
		return out, err
	}
	st, err := wait(ctx, n.PID, n.PID)
	out.Status = &st
	return out, err
}

// wait reaps pid. When ctx is done first it sends SIGKILL to killTarget
// (the process, or its group as a negative number), reaps pid and returns
// ctx's error: a cancelled wait leaves neither a process nor a zombie.
func wait(ctx context.Context, pid, killTarget int) (exitcode.Status, error) {
	if ctx.Done() == nil {
		ws, err := trampoline.Wait(pid)
		return exitcode.FromWaitStatus(ws), err
	}
	type result struct {
		ws  syscall.WaitStatus
		err error
	}
	done := make(chan result, 1)
	go func() {
		ws, err := trampoline.Wait(pid)
		done <- result{ws, err}
	}()
	select {
	case r := <-done:
		return exitcode.FromWaitStatus(r.ws), r.err
	case <-ctx.Done():
		_ = unix.Kill(killTarget, unix.SIGKILL)
		r := <-done
		return exitcode.FromWaitStatus(r.ws), ctx.Err()
	}
}
