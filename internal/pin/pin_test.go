//go:build linux

package pin_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sysprims/sysprims/internal/pin"
	"github.com/sysprims/sysprims/internal/procfs"
)

// affinities maps each thread of the process to its Cpus_allowed_list.
func affinities(t *testing.T) map[string]string {
	t.Helper()
	tasks, err := procfs.Names("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tid := range tasks {
		b, err := procfs.ReadFile("/proc/self/task/" + tid + "/status")
		if err != nil {
			continue // the thread has exited
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				out[tid] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// While pinned every thread is on one CPU, the same for all; after the
// restore every thread has the affinity it had.
func TestThreads(t *testing.T) {
	if runtime.NumCPU() < 2 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs 2 CPUs: on one, pinning changes nothing")
		}
		t.Skip("needs 2 CPUs: on one, pinning changes nothing")
	}
	before := affinities(t)
	restore := pin.Threads()
	pinned := affinities(t)
	restore()
	after := affinities(t)

	cpus := map[string]bool{}
	for tid, list := range pinned {
		if _, err := strconv.Atoi(list); err != nil {
			t.Errorf("thread %s while pinned: Cpus_allowed_list %q, want one CPU", tid, list)
		}
		cpus[list] = true
	}
	if len(cpus) != 1 {
		t.Errorf("while pinned, threads are on %v, want all on one CPU", cpus)
	}
	for tid := range after {
		if _, ok := before[tid]; !ok {
			delete(after, tid) // started meanwhile: compared below by value
		}
	}
	want := map[string]string{}
	for tid := range after {
		want[tid] = before[tid]
	}
	if diff := cmp.Diff(want, after); diff != "" {
		t.Errorf("after restore (-want +got):\n%s", diff)
	}
}
