//go:build unix

package early_test

import (
	"fmt"

	"github.com/sysprims/sysprims/internal/early"
)

// Exit is the last thing main does: it passes the program's own status
// through unless a signal asked the program to end before it supervised.
func ExampleExit() {
	fmt.Println(early.Exit(3))
	// Output: 3
}
