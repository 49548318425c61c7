//go:build unix && !linux

package supervise

// ReleaseTerminal does nothing outside Linux, where containers run.
func ReleaseTerminal() bool { return false }
