//go:build !unix

package dropin

import (
	"fmt"
	"os"
	"path/filepath"
)

// Setsid reports that sessions do not exist on this platform.
func Setsid(args []string) int {
	fmt.Fprintf(os.Stderr, "%s: not supported on this platform\n", filepath.Base(args[0]))
	return 1
}

// Nohup reports that hangup signals do not exist on this platform.
func Nohup(args []string) int {
	fmt.Fprintf(os.Stderr, "%s: not supported on this platform\n", args[0])
	return 125
}
