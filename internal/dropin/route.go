package dropin

import (
	"os"
	"path/filepath"
	"strings"
)

// Name returns "setsid" or "nohup" when argv0 names a drop-in (also with a
// "sysprims-" prefix), else "".
func Name(argv0 string) string {
	name := strings.TrimPrefix(filepath.Base(argv0), "sysprims-")
	if name == "setsid" || name == "nohup" {
		return name
	}
	return ""
}

// Run runs the drop-in name (see [Name]) and returns its exit code.
func Run(name string, args []string) int {
	if name == "setsid" {
		return Setsid(args)
	}
	return Nohup(args)
}

// init runs a drop-in as soon as this package is initialised: before the
// packages that only sysprims' own command line needs (urfave/cli,
// text/template, net/url, encoding/json, ...), whose initialisation the
// in-place path would otherwise pay for on every call.
func init() {
	if len(os.Args) > 0 {
		if name := Name(os.Args[0]); name != "" {
			os.Exit(Run(name, os.Args))
		}
	}
}
