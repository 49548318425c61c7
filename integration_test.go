package main

// The integration tests run the real command line: the test binary itself,
// invoked through symlinks named sysprims, setsid and nohup, routes to
// main's run (see TestMain). The stage needs nothing here: the trampoline
// package's init enters it before TestMain could run the suite again.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sysprims/sysprims/exitcode"
)

func TestMain(m *testing.M) {
	if name := filepath.Base(os.Args[0]); name == "sysprims" || dropinName(name) != "" {
		os.Exit(run(os.Args))
	}
	os.Exit(m.Run())
}

// binDir returns a folder holding sysprims, setsid and nohup (and their
// sysprims- names) as symlinks to this test binary.
func binDir(t testing.TB) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"sysprims", "setsid", "nohup", "sysprims-setsid", "sysprims-nohup"} {
		if err := os.Symlink(self, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// result is what a finished command left.
type result struct {
	Code           int
	Stdout, Stderr string
}

// runCmd runs argv to completion in dir with env (nil: ours) and stdin
// from /dev/null.
func runCmd(t testing.TB, dir string, env []string, argv ...string) result {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = exitcode.FromWaitStatus(ee.Sys().(syscall.WaitStatus)).ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	return result{code, out.String(), errb.String()}
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
