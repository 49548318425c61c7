//go:build unix && !linux

package supervise

import (
	"errors"
	"fmt"
)

// SetSubreaper fails: child subreapers are a Linux feature.
func SetSubreaper() error {
	return fmt.Errorf("child subreaper: %w", errors.ErrUnsupported)
}

// IsSubreaper reports false: child subreapers are a Linux feature.
func IsSubreaper() bool { return false }
