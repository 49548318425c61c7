package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sysprims/sysprims/internal/dropin"
	// Its init runs plain command lines of the waiting modes.
	_ "github.com/sysprims/sysprims/internal/early"
)

// TestMain lets the test binary stand in for the built one: invoked through
// a symlink named sysprims (see binDir), it runs as main does. Under the
// drop-in names internal/dropin's init has already taken over, and the
// hidden stage never gets here either: the trampoline package's init
// enters it first.
//
// Under a name in testHelpers it runs that helper instead: a program some
// test needs beside sysprims, kept in the test binary to need no build.
func TestMain(m *testing.M) {
	if helper := testHelpers[filepath.Base(os.Args[0])]; helper != nil {
		os.Exit(helper(os.Args[1:]))
	}
	if name := filepath.Base(os.Args[0]); name == "sysprims" || dropin.Name(name) != "" {
		os.Exit(run(os.Args))
	}
	skipRaceExitSleep()
	code := m.Run()
	for _, f := range afterSuite {
		f()
	}
	os.Exit(code)
}

// afterSuite is what TestMain undoes once every test has run: what tests
// share beyond the life of one test (buildStatic's build).
var afterSuite []func()

// skipRaceExitSleep sets GORACE's atexit_sleep_ms to 0 for the processes
// the tests start, unless the caller set it. A race-built program sleeps
// that long (1000 ms by default) before it exits, to let other goroutines
// report races, and nearly every case runs this race-built binary as
// sysprims, setsid or nohup, many of them more than once: the sleep was
// most of the suite's wall time. The test process itself is past reading
// GORACE; the sysprims it runs still detects races as before.
func skipRaceExitSleep() {
	opts := os.Getenv("GORACE")
	if strings.Contains(opts, "atexit_sleep_ms") {
		return
	}
	os.Setenv("GORACE", strings.TrimSpace(opts+" atexit_sleep_ms=0"))
}

// testHelpers are the programs TestMain runs by the name of argv[0]; test
// files add theirs from init.
var testHelpers = map[string]func(args []string) int{}
