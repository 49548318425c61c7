//go:build unix

package sticky

import (
	"errors"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// ErrPlanted is returned for an existing file in a sticky world-writable
// folder that belongs to someone else.
var ErrPlanted = errors.New("belongs to another user in a world-writable sticky folder")

// Folder reports whether the folder holding name is sticky and
// world-writable, and who owns it.
func Folder(name string) (owner uint32, sticky bool) {
	var st unix.Stat_t
	if unix.Stat(filepath.Dir(name), &st) != nil {
		return 0, false
	}
	return st.Uid, st.Mode&unix.S_ISVTX != 0 && st.Mode&0o002 != 0
}

// Check returns ErrPlanted when a file owned by fileOwner, named name,
// must not be used: it is in a sticky world-writable folder and belongs
// neither to the effective user nor to the folder's owner.
func Check(name string, fileOwner uint32) error {
	dirOwner, isSticky := Folder(name)
	if !isSticky || fileOwner == uint32(unix.Geteuid()) || fileOwner == dirOwner {
		return nil
	}
	return ErrPlanted
}
