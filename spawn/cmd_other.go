//go:build !unix

package spawn

import (
	"errors"
	"syscall"

	"github.com/sysprims/sysprims/exitcode"
)

type sysState struct{}

// Start returns [ErrNotSupported]: this platform has no sessions.
func (c *Cmd) Start() error {
	if c.started {
		return errors.New("spawn: Start called twice")
	}
	c.started = true
	return ErrNotSupported
}

// Wait returns [ErrNotSupported].
func (c *Cmd) Wait() (exitcode.Status, error) { return exitcode.Status{}, ErrNotSupported }

// Signal returns [ErrNotSupported].
func (c *Cmd) Signal(syscall.Signal) error { return ErrNotSupported }

// SignalGroup returns [ErrNotSupported].
func (c *Cmd) SignalGroup(syscall.Signal) error { return ErrNotSupported }
