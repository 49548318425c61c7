//go:build !unix

package early

// Exit returns code: nothing is caught early outside Unix.
func Exit(code int) int { return code }
