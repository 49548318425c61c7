//go:build linux

package procfs_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sysprims/sysprims/internal/procfs"
)

// Each function reads or writes what package os would, and fails as it
// would, with an error matching the same fs errors.
func TestAgainstOS(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789", 1000) // more than one read
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := procfs.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(big, string(got)); diff != "" {
		t.Errorf("ReadFile mismatch (-want +got):\n%s", diff)
	}

	for _, name := range []string{"a", "b", "c"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names, err := procfs.Names(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if diff := cmp.Diff([]string{"a", "b", "c", "f"}, names); diff != "" {
		t.Errorf("Names mismatch (-want +got):\n%s", diff)
	}

	if err := procfs.WriteFile(file, []byte("1")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(file); !strings.HasPrefix(string(b), "1123456789") {
		t.Errorf("after WriteFile: %.12q..., want the first byte overwritten, the rest kept", b)
	}

	missing := filepath.Join(dir, "missing")
	_, errRead := procfs.ReadFile(missing)
	_, errNames := procfs.Names(missing)
	errWrite := procfs.WriteFile(missing, []byte("1"))
	for name, err := range map[string]error{"ReadFile": errRead, "Names": errNames, "WriteFile": errWrite} {
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing {
			t.Errorf("%s(missing) = %v, want a *fs.PathError for %s matching fs.ErrNotExist", name, err, missing)
		}
	}
}

// /proc, what the package is for: our own stat and our own threads.
func TestProc(t *testing.T) {
	stat, err := procfs.ReadFile("/proc/self/stat")
	if err != nil {
		t.Fatal(err)
	}
	if pid := strconv.Itoa(os.Getpid()); !strings.HasPrefix(string(stat), pid+" (") {
		t.Errorf("/proc/self/stat = %.20q..., want it to start with our PID %s", stat, pid)
	}
	tasks, err := procfs.Names("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(tasks, strconv.Itoa(os.Getpid())) {
		t.Errorf("/proc/self/task = %v, want our main thread among them", tasks)
	}
}
