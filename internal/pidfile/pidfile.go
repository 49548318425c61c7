package pidfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Pending is a PID file waiting for its PID.
type Pending struct {
	path string
	tmp  *os.File
}

// ErrNotRegular is returned for a path that names something other than a
// regular file or a symbolic link, which the PID file would replace: a
// FIFO, socket or device node (as root, --pidfile /dev/null would
// otherwise replace the system's /dev/null) or a directory.
var ErrNotRegular = errors.New("not a regular file")

// Prepare checks that path can be written by creating the temporary file
// next to it (mode 0600). What is at path is never opened, only replaced,
// so nothing here can block; a symbolic link is replaced, not followed.
func Prepare(path string) (*Pending, error) {
	if fi, err := os.Lstat(path); err == nil {
		switch m := fi.Mode(); {
		case m.IsDir():
			return nil, fmt.Errorf("pidfile %s: is a directory", path)
		case !m.IsRegular() && m&os.ModeSymlink == 0:
			return nil, fmt.Errorf("pidfile %s: %w", path, ErrNotRegular)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("pidfile: %w", err)
	}
	return &Pending{path: path, tmp: tmp}, nil
}

// Commit writes pid and renames the file into place.
func (p *Pending) Commit(pid int) error {
	_, err := p.tmp.Write(strconv.AppendInt(nil, int64(pid), 10))
	if err == nil {
		_, err = p.tmp.WriteString("\n")
	}
	if cerr := p.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(p.tmp.Name(), p.path)
	}
	if err != nil {
		os.Remove(p.tmp.Name())
		return fmt.Errorf("pidfile: %w", err)
	}
	return nil
}

// Abort removes the temporary file.
func (p *Pending) Abort() {
	p.tmp.Close()
	os.Remove(p.tmp.Name())
}
