//go:build unix

package pidfile

import (
	"os"
	"syscall"

	"github.com/sysprims/sysprims/internal/sticky"
)

// planted refuses to replace a file another user may have planted in a
// sticky world-writable folder (internal/sticky).
func planted(path string, fi os.FileInfo) error {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return sticky.Check(path, st.Uid)
	}
	return nil
}
