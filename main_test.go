package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sysprims/sysprims/internal/dropin"
	"github.com/sysprims/sysprims/internal/early"
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
		os.Exit(early.Exit(run(os.Args)))
	}
	os.Exit(m.Run())
}

// testHelpers are the programs TestMain runs by the name of argv[0]; test
// files add theirs from init.
var testHelpers = map[string]func(args []string) int{}
