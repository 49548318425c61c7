package dropin

import (
	"os"
	"testing"
)

// missingPrerequisite skips for a tool the test compares with, on a
// developer's machine, and fails under CI=true, where it is installed.
func missingPrerequisite(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("missing prerequisite under CI: %s", what)
	}
	tb.Skipf("missing prerequisite: %s", what)
}
