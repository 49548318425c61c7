package pidfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Pending is a PID file waiting for its PID.
type Pending struct {
	path string
	// fd is an unnamed file (O_TMPFILE) in path's folder, or -1.
	fd int
	// tmp is the named temporary file used where O_TMPFILE is not to be
	// had; nil otherwise.
	tmp *os.File
}

// ErrNotRegular is returned for a path that names something other than a
// regular file or a symbolic link, which the PID file would replace: a
// FIFO, socket or device node (as root, --pidfile /dev/null would
// otherwise replace the system's /dev/null) or a directory.
var ErrNotRegular = errors.New("not a regular file")

// ErrEmptyPath is returned for an empty file name.
var ErrEmptyPath = errors.New("empty file name")

// Prepare checks that path can be written by creating the file that will
// become it, mode 0600, in path's folder: unnamed (O_TMPFILE, Linux)
// where the file system allows, so that no signal, not even SIGKILL, can
// leave it behind; else as a hidden temporary file. What is at path is
// never opened, only replaced, so nothing here can block; a symbolic link
// is replaced, not followed.
func Prepare(path string) (*Pending, error) {
	if path == "" {
		return nil, fmt.Errorf("pidfile: %w", ErrEmptyPath)
	}
	if fi, err := os.Lstat(path); err == nil {
		switch m := fi.Mode(); {
		case m.IsDir():
			return nil, fmt.Errorf("pidfile %s: is a directory", path)
		case !m.IsRegular() && m&os.ModeSymlink == 0:
			return nil, fmt.Errorf("pidfile %s: %w", path, ErrNotRegular)
		}
		if err := planted(path, fi); err != nil {
			return nil, fmt.Errorf("pidfile %s: %w", path, err)
		}
	}
	if fd, ok := openUnnamed(filepath.Dir(path)); ok {
		return &Pending{path: path, fd: fd}, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("pidfile: %w", err)
	}
	return &Pending{path: path, fd: -1, tmp: tmp}, nil
}

// Commit writes pid and puts the file into place, replacing what is there.
func (p *Pending) Commit(pid int) error {
	content := strconv.AppendInt(nil, int64(pid), 10)
	content = append(content, '\n')
	var err error
	if p.tmp == nil {
		err = commitUnnamed(p.fd, content, p.path)
	} else {
		_, err = p.tmp.Write(content)
		if cerr := p.tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(p.tmp.Name(), p.path)
		}
		if err != nil {
			os.Remove(p.tmp.Name())
		}
	}
	if err != nil {
		return fmt.Errorf("pidfile: %w", err)
	}
	return nil
}

// Abort drops the file: nothing was put in place.
func (p *Pending) Abort() {
	if p.tmp == nil {
		closeFD(p.fd)
		return
	}
	p.tmp.Close()
	os.Remove(p.tmp.Name())
}

// RemoveIfHolds removes the PID file when it still holds pid: once the
// command is gone the file names nobody, but a file somebody has written
// since is theirs.
func RemoveIfHolds(path string, pid int) {
	b, err := os.ReadFile(path)
	if err == nil && bytes.Equal(bytes.TrimSpace(b), strconv.AppendInt(nil, int64(pid), 10)) {
		os.Remove(path)
	}
}
