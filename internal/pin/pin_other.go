//go:build !linux

package pin

// Threads does nothing outside Linux.
func Threads() {}

// Restore does nothing outside Linux.
func Restore() {}
