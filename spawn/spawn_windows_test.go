package spawn_test

import (
	"errors"
	"testing"

	"github.com/sysprims/sysprims/spawn"
)

func TestNotSupported(t *testing.T) {
	_, err := spawn.RunSetsid("cmd", nil, spawn.SetsidConfig{})
	if !errors.Is(err, spawn.ErrNotSupported) || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("RunSetsid = %v, want ErrNotSupported matching errors.ErrUnsupported", err)
	}
	_, err = spawn.RunNohup("cmd", nil, spawn.NohupConfig{})
	if !errors.Is(err, spawn.ErrNotSupported) {
		t.Errorf("RunNohup = %v, want ErrNotSupported", err)
	}
}
