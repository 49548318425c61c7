package dropin

import (
	"fmt"
	"os"
)

// Setsid runs the setsid(1) drop-in with args (os.Args) and returns its exit code.
func Setsid(args []string, version string) int {
	fmt.Fprintln(os.Stderr, "setsid: not implemented yet")
	return 1
}

// Nohup runs the nohup(1) drop-in with args (os.Args) and returns its exit code.
func Nohup(args []string, version string) int {
	fmt.Fprintln(os.Stderr, "nohup: not implemented yet")
	return 125
}
