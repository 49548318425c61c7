package spawn

import (
	"context"

	"github.com/sysprims/sysprims/exitcode"
)

// SetsidConfig configures [RunSetsid]. The zero value detaches.
type SetsidConfig struct {
	// Wait for the command and report its exit status.
	Wait bool
	// Ctty makes the terminal on stdin the command's controlling terminal.
	Ctty bool
}

// NohupConfig configures [RunNohup]. The zero value detaches and sends
// output to nohup.out only when stdout is a terminal.
type NohupConfig struct {
	// OutputFile receives stdout (and a terminal stderr); it is created
	// with mode 0600 if missing and appended to.
	OutputFile string
	// Wait for the command and report its exit status.
	Wait bool
}

// SetsidOutcome is what [RunSetsid] did. Status is nil when the command
// was spawned and not waited for.
type SetsidOutcome struct {
	PID    int
	Status *exitcode.Status
}

// Completed reports whether the command was waited for.
func (o SetsidOutcome) Completed() bool { return o.Status != nil }

// NohupOutcome is what [RunNohup] did. OutputFile names the file stdout was
// sent to, or is empty when stdout was left alone. Status is nil when the
// command was spawned and not waited for.
type NohupOutcome struct {
	PID        int
	OutputFile string
	Status     *exitcode.Status
}

// Completed reports whether the command was waited for.
func (o NohupOutcome) Completed() bool { return o.Status != nil }

// RunSetsid runs command with args as the leader of a new session and
// process group, without a controlling terminal unless cfg.Ctty is set.
func RunSetsid(command string, args []string, cfg SetsidConfig) (SetsidOutcome, error) {
	return RunSetsidContext(context.Background(), command, args, cfg)
}

// RunNohup runs command with args with SIGHUP ignored, sending its output
// to cfg.OutputFile, or to nohup.out when stdout is a terminal.
func RunNohup(command string, args []string, cfg NohupConfig) (NohupOutcome, error) {
	return RunNohupContext(context.Background(), command, args, cfg)
}

// RunSetsidContext is [RunSetsid] with a context that cancels the wait:
// the command's whole process group is killed with SIGKILL and reaped, and
// ctx's error returned.
func RunSetsidContext(ctx context.Context, command string, args []string, cfg SetsidConfig) (SetsidOutcome, error) {
	c := CommandContext(ctx, command, args...)
	c.Setsid, c.Ctty, c.Detach = true, cfg.Ctty, !cfg.Wait
	if err := c.Start(); err != nil || !cfg.Wait {
		return SetsidOutcome{PID: c.PID()}, err
	}
	st, err := c.Wait()
	return SetsidOutcome{PID: c.PID(), Status: &st}, err
}

// RunNohupContext is [RunNohup] with a context that cancels the wait: the
// command is killed with SIGKILL and reaped, and ctx's error returned.
func RunNohupContext(ctx context.Context, command string, args []string, cfg NohupConfig) (NohupOutcome, error) {
	c := CommandContext(ctx, command, args...)
	c.Nohup, c.NohupOutput, c.Detach = true, cfg.OutputFile, !cfg.Wait
	if err := c.Start(); err != nil || !cfg.Wait {
		return NohupOutcome{PID: c.PID(), OutputFile: c.OutputFile()}, err
	}
	st, err := c.Wait()
	return NohupOutcome{PID: c.PID(), OutputFile: c.OutputFile(), Status: &st}, err
}
