//go:build linux

package sticky_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sysprims/sysprims/internal/sticky"
)

func TestCheck(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("missing prerequisite under CI: root, to give files and folders to other users")
		}
		t.Skip("missing prerequisite: root, to give files and folders to other users")
	}
	for _, tc := range []struct {
		name                string
		dirMode             os.FileMode
		dirOwner, fileOwner int
		want                error
	}{
		{"sticky world-writable, file of another user", os.ModeSticky | 0o777, 0, 65534, sticky.ErrPlanted},
		{"sticky world-writable, file of the folder's owner", os.ModeSticky | 0o777, 65533, 65533, nil},
		{"sticky world-writable, file of ours", os.ModeSticky | 0o777, 65533, 0, nil},
		{"not sticky", 0o777, 0, 65534, nil},
		{"sticky, not world-writable", os.ModeSticky | 0o775, 0, 65534, nil},
	} {
		dir := filepath.Join(t.TempDir(), "d")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, tc.dirMode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, tc.dirOwner, tc.dirOwner); err != nil {
			t.Fatal(err)
		}
		if got := sticky.Check(filepath.Join(dir, "f"), uint32(tc.fileOwner)); !errors.Is(got, tc.want) {
			t.Errorf("%s: Check = %v, want %v", tc.name, got, tc.want)
		}
	}
}
