//go:build unix

package nohupout

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/sysprims/sysprims/internal/sticky"
	"github.com/sysprims/sysprims/internal/tty"
)

// DefaultName is the file nohup writes to when stdout is a terminal.
const DefaultName = "nohup.out"

// Candidates returns the files to try, in order, when no output file is
// named: ./nohup.out, then $HOME/nohup.out when HOME is set (trailing
// slashes trimmed; an empty HOME names ./nohup.out again, as in coreutils).
func Candidates() []string {
	c := []string{DefaultName}
	if home, ok := os.LookupEnv("HOME"); ok {
		switch trimmed := strings.TrimRight(home, "/"); {
		case home == "":
			c = append(c, DefaultName)
		case trimmed == "":
			c = append(c, "/"+DefaultName)
		default:
			c = append(c, trimmed+"/"+DefaultName)
		}
	}
	return c
}

// File is an opened output file.
type File struct {
	*os.File
	Name    string // the name it was opened by
	Created bool   // this open created it, so it may be removed on failure
}

// Remove closes f and deletes it if this open created it, so that a
// command that never ran leaves nothing behind.
func (f *File) Remove() {
	f.Close()
	if f.Created {
		os.Remove(f.Name)
	}
}

// Options tunes [Open].
type Options struct {
	// Guard refuses to follow a symlink in a world-writable sticky folder
	// such as /tmp, where another user could have planted it.
	Guard bool
}

// ErrNotRegular is the error (inside an *os.PathError) for an output file
// that is neither a regular file nor a character device such as /dev/null:
// a FIFO would block the open until a reader comes (or, opened
// non-blocking, fail the command's writes), and a socket or block device
// is no place for a command's output.
var ErrNotRegular = errors.New("not a regular file")

// Open opens name for appending, creating it with mode exactly 0600 if it
// does not exist (the umask does not apply, as with coreutils nohup); an
// existing file keeps its mode. The open never blocks: it is non-blocking,
// and only a regular file or a character device is kept (and then made
// blocking again, for the command's sake); anything else is refused with
// [ErrNotRegular].
func Open(name string, opt Options) (*File, error) {
	flags := unix.O_WRONLY | unix.O_APPEND | unix.O_CLOEXEC | unix.O_NONBLOCK
	if _, isSticky := sticky.Folder(name); opt.Guard && isSticky {
		flags |= unix.O_NOFOLLOW
	}
	created := true
	fd, err := openRetry(name, flags|unix.O_CREAT|unix.O_EXCL, 0o600)
	if err == unix.EEXIST {
		created = false
		fd, err = openRetry(name, flags, 0)
	}
	if err != nil {
		switch {
		case err == unix.ELOOP && flags&unix.O_NOFOLLOW != 0:
			err = fmt.Errorf("%w (refusing a symlink in a world-writable folder)", err)
		case err == unix.ENOENT && danglingLink(name) != "":
			err = fmt.Errorf("%w (a dangling symbolic link to %s)", err, danglingLink(name))
		case err == unix.ENXIO && !regularOrCharDevice(name):
			// A FIFO without a reader, or a socket: O_NONBLOCK made
			// the open fail instead of waiting.
			err = ErrNotRegular
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	// Blocking again before os.NewFile sees it: a non-blocking descriptor
	// would start the runtime's network poller, two descriptors more
	// for good, which a tight RLIMIT_NOFILE cannot spare.
	if err := checkKind(fd); err != nil {
		unix.Close(fd)
		if created {
			_ = unix.Unlink(name)
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	if !created && opt.Guard {
		if err := plantedHere(fd, name); err != nil {
			unix.Close(fd)
			return nil, &os.PathError{Op: "open", Path: name, Err: err}
		}
	}
	f := &File{File: os.NewFile(uintptr(fd), name), Name: name, Created: created}
	if created {
		// The umask may have taken bits away; nohup.out is 0600 whatever it is.
		if err := unix.Fchmod(fd, 0o600); err != nil {
			f.Remove()
			return nil, &os.PathError{Op: "chmod", Path: name, Err: err}
		}
	}
	return f, nil
}

// checkKind refuses what is not a regular file or a character device and
// clears O_NONBLOCK on what it keeps: the command gets an ordinary file.
func checkKind(fd int) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if k := st.Mode & unix.S_IFMT; k != unix.S_IFREG && k != unix.S_IFCHR {
		return ErrNotRegular
	}
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err == nil {
		_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
	}
	return err
}

// regularOrCharDevice says whether name (followed) is a file Open keeps.
func regularOrCharDevice(name string) bool {
	var st unix.Stat_t
	if unix.Stat(name, &st) != nil {
		return false
	}
	k := st.Mode & unix.S_IFMT
	return k == unix.S_IFREG || k == unix.S_IFCHR
}

func openRetry(name string, flags int, mode uint32) (int, error) {
	for {
		fd, err := unix.Open(name, flags, mode)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// danglingLink returns the target of name when name is a symbolic link
// whose target does not exist, and "" otherwise.
func danglingLink(name string) string {
	target, err := os.Readlink(name)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(name); err == nil {
		return ""
	}
	return target
}

// plantedHere applies the protected_regular rule (internal/sticky) to the
// file just opened.
func plantedHere(fd int, name string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	return sticky.Check(name, st.Uid)
}

// ErrNoOutput is returned when none of the candidate files could be opened.
var ErrNoOutput = errors.New("cannot open an output file")

// OpenDefault opens the first of [Candidates] that can be opened. When
// none can, the error wraps [ErrNoOutput] and each candidate's error.
func OpenDefault(opt Options) (*File, error) {
	errs := []error{ErrNoOutput}
	for _, name := range Candidates() {
		f, err := Open(name, opt)
		if err == nil {
			return f, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// DevNull opens /dev/null for the given access mode, for a terminal stdin.
func DevNull(flag int) (*os.File, error) {
	return os.OpenFile(os.DevNull, flag, 0)
}

// Plan is what nohup does with the three standard descriptors, decided
// once from the terminals as they are on entry. Both the spawn library and
// the nohup drop-in follow it; how each applies it (the drop-in opens
// stdin write-only, as coreutils does) is theirs.
type Plan struct {
	StdinFromNull  bool // stdin is a terminal: replace it by the null device
	StdoutToFile   bool // stdout is a terminal, or a file was named: append it to the file
	StderrToStdout bool // stderr is a terminal: send it where stdout goes
}

// Decide returns the Plan for the process's descriptors as they are now;
// named says that the caller named an output file.
func Decide(named bool) Plan {
	return Plan{
		StdinFromNull:  tty.IsTerminal(0),
		StdoutToFile:   named || tty.IsTerminal(1),
		StderrToStdout: tty.IsTerminal(2),
	}
}
