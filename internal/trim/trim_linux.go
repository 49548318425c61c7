package trim

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// delay leaves start-up and the command's start (milliseconds) time to
// finish touching what they need before their pages are dropped, and is
// short enough for a look at the supervisor one second in to see the
// result.
const delay = 500 * time.Millisecond

// Later drops the executable's read-only pages once, half a second from now,
// on a goroutine of its own; a process that has exited by then loses
// nothing.
func Later() {
	time.AfterFunc(delay, func() { _, _ = Now() })
}

// Now drops the resident pages of the executable's read-only mappings
// that hold no private page, and returns how many mappings it advised.
func Now() (int, error) {
	var self unix.Stat_t
	if err := unix.Stat("/proc/self/exe", &self); err != nil {
		return 0, err
	}
	// Read with system calls, not package os: the first file os opens
	// sets up the runtime's network poller, which fails fatally when no
	// descriptor is left.
	fd, err := unix.Open("/proc/self/smaps", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	// smaps lists each mapping as a header line (range, perms, offset,
	// dev, inode, path) followed by its "Key: value kB" lines.
	var cur mapping
	var drop []mapping
	flush := func() {
		if cur.ours && cur.anonymous == 0 {
			drop = append(drop, cur)
		}
		cur = mapping{}
	}
	sc := bufio.NewScanner(fdReader(fd))
	for sc.Scan() {
		line := sc.Bytes()
		if m, ok := parseHeader(line, self); ok {
			flush()
			cur = m
			continue
		}
		if v, ok := bytes.CutPrefix(line, []byte("Anonymous:")); ok {
			cur.anonymous, _ = strconv.Atoi(string(bytes.Fields(v)[0]))
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return 0, err
	}
	// All at the end: the code that read smaps is not dropped only to be
	// faulted back in by the rest of the reading.
	n := 0
	for _, m := range drop {
		if m.advise() == nil {
			n++
		}
	}
	return n, nil
}

// mapping is one line of smaps' headers, as far as Now needs it.
type mapping struct {
	start, end uintptr
	ours       bool // the executable's, and not writable
	anonymous  int  // kB of private pages (copies made on write)
}

// advise drops the mapping's resident pages. (A raw system call: the
// range is not Go memory, and unix.Madvise wants a []byte.)
func (m mapping) advise() error {
	_, _, errno := unix.Syscall(unix.SYS_MADVISE, m.start, m.end-m.start, unix.MADV_DONTNEED)
	if errno != 0 {
		return errno
	}
	return nil
}

// parseHeader reads a mapping's header line: "start-end perms offset
// major:minor inode [path]", all numbers in hex but the inode.
func parseHeader(line []byte, self unix.Stat_t) (mapping, bool) {
	f := bytes.Fields(line)
	if len(f) < 5 || len(f[1]) != 4 || bytes.HasSuffix(f[0], []byte(":")) {
		return mapping{}, false
	}
	lo, hi, ok := bytes.Cut(f[0], []byte("-"))
	if !ok {
		return mapping{}, false
	}
	start, err1 := strconv.ParseUint(string(lo), 16, 64)
	end, err2 := strconv.ParseUint(string(hi), 16, 64)
	major, minor, _ := bytes.Cut(f[3], []byte(":"))
	maj, err3 := strconv.ParseUint(string(major), 16, 32)
	min, err4 := strconv.ParseUint(string(minor), 16, 32)
	ino, err5 := strconv.ParseUint(string(f[4]), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
		return mapping{}, false
	}
	m := mapping{start: uintptr(start), end: uintptr(end)}
	m.ours = ino == self.Ino && unix.Mkdev(uint32(maj), uint32(min)) == self.Dev && f[1][1] != 'w'
	return m, true
}

// fdReader reads a descriptor with read(2), retrying on EINTR.
type fdReader int

func (fd fdReader) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(int(fd), p)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
