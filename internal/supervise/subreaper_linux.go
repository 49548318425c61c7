package supervise

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SetSubreaper makes the calling process a child subreaper: orphaned
// descendants are re-parented to it instead of to PID 1, so it can reap
// them (prctl PR_SET_CHILD_SUBREAPER, Linux 3.4).
func SetSubreaper() error {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %w", err)
	}
	return nil
}

// IsSubreaper reports whether the calling process is a child subreaper,
// whoever made it one: the flag survives exec, so a parent may have set
// it before starting us (prctl PR_GET_CHILD_SUBREAPER).
func IsSubreaper() bool {
	var on int32
	err := unix.Prctl(unix.PR_GET_CHILD_SUBREAPER, uintptr(unsafe.Pointer(&on)), 0, 0, 0)
	return err == nil && on != 0
}
