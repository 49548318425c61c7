//go:build unix

package early

import (
	"os"

	// Imported for its init, which must run first: in a stage it execs
	// the command (or exits), so nothing below ever runs there.
	_ "github.com/sysprims/sysprims/trampoline"
)

func init() {
	if work := fast(os.Args, os.Environ()); work != nil {
		os.Exit(dispatch(work))
	}
}
