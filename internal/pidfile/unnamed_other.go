//go:build !linux

package pidfile

// openUnnamed reports false: O_TMPFILE is Linux's.
func openUnnamed(string) (int, bool) { return -1, false }

func commitUnnamed(int, []byte, string) error { panic("pidfile: no unnamed files here") }

func closeFD(int) {}
