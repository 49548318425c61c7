//go:build linux

package bench_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/bench/floor/signals"
	"github.com/sysprims/sysprims/internal/supervise"
	"github.com/sysprims/sysprims/spawn"
)

// The test binary imports spawn, so it is its own trampoline: the stage
// is entered from the trampoline package's init and never reaches the
// benchmarks.

const target = "/bin/true"

// TestFloorCatchesWhatSysprimsCatches keeps the design floor honest: it
// must make the same signal.Notify calls as sysprims' supervisor.
func TestFloorCatchesWhatSysprimsCatches(t *testing.T) {
	if diff := cmp.Diff(supervise.Catchable(), signals.Caught()); diff != "" {
		t.Errorf("bench/floor/signals.Caught() differs from supervise.Catchable() (-want +got):\n%s", diff)
	}
}

func BenchmarkRunSetsidWait(b *testing.B) {
	for b.Loop() {
		out, err := spawn.RunSetsid(target, nil, spawn.SetsidConfig{Wait: true})
		if err != nil || out.Status.ExitCode() != 0 {
			b.Fatalf("RunSetsid: %v, %+v", err, out.Status)
		}
	}
}

func BenchmarkRunNohupWait(b *testing.B) {
	cfg := spawn.NohupConfig{Wait: true}
	if isTerminal(1) {
		// Keep nohup.out out of the working tree when run by hand.
		cfg.OutputFile = os.DevNull
	}
	for b.Loop() {
		out, err := spawn.RunNohup(target, nil, cfg)
		if err != nil || out.Status.ExitCode() != 0 {
			b.Fatalf("RunNohup: %v, %+v", err, out.Status)
		}
	}
}

// BenchmarkExecSetsidOSExec is what a Go program does without spawn.
func BenchmarkExecSetsidOSExec(b *testing.B) {
	for b.Loop() {
		cmd := exec.Command(target)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecNohupBinary runs coreutils' nohup, the C tool.
func BenchmarkExecNohupBinary(b *testing.B) {
	if _, err := os.Stat("/usr/bin/nohup"); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("missing prerequisite under CI: /usr/bin/nohup (coreutils): %v", err)
		}
		b.Skip("missing prerequisite: /usr/bin/nohup (coreutils)")
	}
	for b.Loop() {
		if err := exec.Command("/usr/bin/nohup", target).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorSpawnStage is the spawn floor seen from a library: start
// the minimal stage (bench/floor/spawn with -stage: setsid, exec) and wait.
// The floor is $SYSPRIMS_BENCH_FLOOR_SPAWN, or built on first use.
func BenchmarkFloorSpawnStage(b *testing.B) {
	floor := floorBinary(b)
	argv := []string{floor, "-stage", target}
	attr := &syscall.ProcAttr{Files: []uintptr{0, 1, 2}}
	for b.Loop() {
		pid, err := syscall.ForkExec(floor, argv, attr)
		if err != nil {
			b.Fatal(err)
		}
		if ws := wait4(b, pid); ws.ExitStatus() != 0 {
			b.Fatalf("floor stage: %v", ws)
		}
	}
}

// BenchmarkForkExecTrue is the bottom line: fork, exec /bin/true, wait.
func BenchmarkForkExecTrue(b *testing.B) {
	attr := &syscall.ProcAttr{Files: []uintptr{0, 1, 2}, Sys: &syscall.SysProcAttr{Setsid: true}}
	for b.Loop() {
		pid, err := syscall.ForkExec(target, []string{target}, attr)
		if err != nil {
			b.Fatal(err)
		}
		if ws := wait4(b, pid); ws.ExitStatus() != 0 {
			b.Fatalf("%s: %v", target, ws)
		}
	}
}

// wait4 waits for pid, retrying on EINTR. (spawn, trampoline and
// internal/dropin each have such a loop, none exported.)
func wait4(b *testing.B, pid int) syscall.WaitStatus {
	b.Helper()
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		return ws
	}
}

var (
	floorOnce sync.Once
	floorPath string
	floorErr  error
	floorDir  string
)

func floorBinary(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("SYSPRIMS_BENCH_FLOOR_SPAWN"); p != "" {
		return p
	}
	floorOnce.Do(func() {
		floorDir, floorErr = os.MkdirTemp("", "sysprims-bench-")
		if floorErr != nil {
			return
		}
		floorPath = filepath.Join(floorDir, "floor-spawn")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", floorPath, "./floor/spawn")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			floorErr = &buildError{err, out}
		}
	})
	if floorErr != nil {
		b.Fatalf("building the spawn floor: %v", floorErr)
	}
	return floorPath
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if floorDir != "" {
		os.RemoveAll(floorDir)
	}
	os.Exit(code)
}
