// Package version holds sysprims' version string, so that code which runs
// before package main initialises (the drop-ins, see internal/dropin) can
// read it.
package version

import (
	"runtime/debug"
	"strings"
)

// version is stamped by the release build:
// -ldflags "-X github.com/sysprims/sysprims/internal/version.version=...".
var version = ""

// String returns the stamped version, else the module version of a
// `go install`, else "dev".
func String() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}
