//go:build linux

package procfs_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/sysprims/sysprims/internal/procfs"
)

func ExampleReadFile() {
	b, err := procfs.ReadFile("/proc/self/comm")
	fmt.Println(err == nil && len(bytes.TrimSpace(b)) > 0)
	// Output: true
}

func ExampleNames() {
	names, err := procfs.Names("/proc/self/task")
	fmt.Println(err == nil && slices.Contains(names, fmt.Sprint(os.Getpid())))
	// Output: true
}

func ExampleWriteFile() {
	// The file must exist: cgroupfs' control files always do.
	dir, _ := os.MkdirTemp("", "procfs")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "cgroup.kill")
	_ = os.WriteFile(file, nil, 0o644)
	fmt.Println(procfs.WriteFile(file, []byte("1")))
	b, _ := os.ReadFile(file)
	fmt.Println(string(b))
	// Output:
	// <nil>
	// 1
}
