package pidfile

import (
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// openUnnamed opens an unnamed regular file in dir (O_TMPFILE), or
// reports false where the kernel or the file system cannot.
func openUnnamed(dir string) (int, bool) {
	for {
		fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, false
		}
		// The umask may have taken bits away; a PID file is 0600.
		if unix.Fchmod(fd, 0o600) != nil {
			unix.Close(fd)
			return -1, false
		}
		return fd, true
	}
}

// commitUnnamed writes content to the unnamed file fd and links it in as
// path. linkat cannot replace, so an existing path is replaced through a
// hidden name and rename(2), the only moment a name other than path
// exists.
func commitUnnamed(fd int, content []byte, path string) error {
	defer closeFD(fd)
	for len(content) > 0 {
		n, err := unix.Write(fd, content)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		content = content[n:]
	}
	self := "/proc/self/fd/" + strconv.Itoa(fd)
	err := unix.Linkat(unix.AT_FDCWD, self, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
	if err != unix.EEXIST {
		return wrapPath(err, path)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+strconv.Itoa(os.Getpid()))
	_ = unix.Unlink(tmp) // left by a process of this PID killed in this very window
	if err := unix.Linkat(unix.AT_FDCWD, self, unix.AT_FDCWD, tmp, unix.AT_SYMLINK_FOLLOW); err != nil {
		return wrapPath(err, path)
	}
	if err := unix.Rename(tmp, path); err != nil {
		unix.Unlink(tmp)
		return wrapPath(err, path)
	}
	return nil
}

func wrapPath(err error, path string) error {
	if err == nil {
		return nil
	}
	return &os.PathError{Op: "link", Path: path, Err: err}
}

func closeFD(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}
