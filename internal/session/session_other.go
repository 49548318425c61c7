//go:build !unix

package session
