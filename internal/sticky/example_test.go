//go:build unix

package sticky_test

import (
	"fmt"
	"os"

	"github.com/sysprims/sysprims/internal/sticky"
)

// A file of our own is never refused.
func ExampleCheck() {
	fmt.Println(sticky.Check("/tmp/job.log", uint32(os.Geteuid())))
	// Output: <nil>
}
