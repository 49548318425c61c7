package spawn_test

import (
	"errors"
	"testing"

	"github.com/sysprims/sysprims/spawn"
)

func TestErrNotSupportedIsUnsupported(t *testing.T) {
	if !errors.Is(spawn.ErrNotSupported, errors.ErrUnsupported) {
		t.Error("ErrNotSupported does not match errors.ErrUnsupported")
	}
}
