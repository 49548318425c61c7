// Command sysprims runs a command in a new session (setsid), immune to
// hangups (nohup), or as the supervised child of a container's PID 1
// (init). Under the names setsid and nohup it behaves as util-linux
// setsid(1) and coreutils nohup(1).
package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/sysprims/sysprims/internal/command"
	"github.com/sysprims/sysprims/internal/dropin"
)

// version is stamped by the release build (-ldflags "-X main.version=...").
var version = ""

func main() {
	os.Exit(run(os.Args))
}

func run(args []string) int {
	switch dropinName(args[0]) {
	case "setsid":
		return dropin.Setsid(args, getVersion())
	case "nohup":
		return dropin.Nohup(args, getVersion())
	}
	return command.Main(args, getVersion(), os.Stdout, os.Stderr)
}

// dropinName returns "setsid" or "nohup" when the binary was invoked under
// one of those names (or sysprims-setsid, sysprims-nohup), else "".
func dropinName(argv0 string) string {
	name := strings.TrimPrefix(filepath.Base(argv0), "sysprims-")
	if name == "setsid" || name == "nohup" {
		return name
	}
	return ""
}

func getVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}
