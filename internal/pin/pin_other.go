//go:build !linux

package pin

// Threads does nothing outside Linux, and returns a restore that does
// nothing either.
func Threads() (restore func()) { return func() {} }
