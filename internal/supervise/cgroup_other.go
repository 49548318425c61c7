//go:build unix && !linux

package supervise

import (
	"errors"
	"fmt"
)

// ErrNoContainerCgroup: cgroups are a Linux feature.
var ErrNoContainerCgroup = errors.New("no writable cgroup v2 of the container's own")

// CommandCgroup is not available: cgroups are a Linux feature.
type CommandCgroup struct{}

// EnterCommandCgroup fails: cgroups are a Linux feature.
func EnterCommandCgroup() (*CommandCgroup, error) {
	return nil, fmt.Errorf("%w: %w", ErrNoContainerCgroup, errors.ErrUnsupported)
}

func (*CommandCgroup) Leave() error { return errors.ErrUnsupported }
func (*CommandCgroup) Dir() string  { return "" }
func (*CommandCgroup) Remove()      {}

func cgroupHoldsOurs(string) bool { return false }
func killCgroup(string) error     { return errors.ErrUnsupported }
