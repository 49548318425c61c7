package dropin

import (
	"errors"
	"runtime"
	"strconv"
	"syscall"
)

// strerror returns the text glibc's strerror gives for errno in the C
// locale, which both originals print. Go's texts are glibc's in lower case,
// except for a few numbers Go leaves unnamed.
func strerror(errno syscall.Errno) string {
	if errno == 0 {
		return "Success"
	}
	if errno == ehwpoison && runtime.GOOS == "linux" {
		return "Memory page has hardware error" // Go's table stops at 132
	}
	s := errno.Error()
	if s == "errno "+strconv.Itoa(int(errno)) {
		return "Unknown error " + strconv.Itoa(int(errno))
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	return s
}

const ehwpoison = syscall.Errno(133)

// errnoText returns strerror's text for an error that wraps an errno, and
// the error's own text otherwise.
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return strerror(errno)
	}
	return err.Error()
}
