//go:build unix

package early

import (
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSupervising(t *testing.T) {
	type want struct {
		Waits bool
		Skip  []syscall.Signal
	}
	for _, tc := range []struct {
		argv string
		want want
	}{
		{"sysprims init -- true", want{Waits: true}},
		{"sysprims init --verbose -- true", want{Waits: true}},
		{"sysprims setsid --wait -- true", want{Waits: true}},
		{"sysprims setsid --json -wait true", want{Waits: true}},
		{"sysprims setsid --wait=true -- true", want{Waits: true}},
		{"sysprims nohup --wait -- true", want{Waits: true, Skip: []syscall.Signal{syscall.SIGHUP}}},
		{"sysprims nohup --output out --wait -- true", want{Waits: true, Skip: []syscall.Signal{syscall.SIGHUP}}},
		{"sysprims setsid --pidfile --wait -- true", want{}},
		{"sysprims setsid --pidfile=p --wait true", want{Waits: true}},
		{"sysprims setsid --wait=false -- true", want{}},
		{"sysprims setsid -- true --wait", want{}},
		{"sysprims setsid true --wait", want{}},
		{"sysprims setsid --ctty -- true", want{}},
		{"sysprims --wait setsid -- true", want{}},
		{"sysprims help init", want{}},
		{"sysprims", want{}},
	} {
		waits, skip := supervising(strings.Fields(tc.argv))
		if diff := cmp.Diff(tc.want, want{waits, skip}); diff != "" {
			t.Errorf("supervising(%q) mismatch (-want +got):\n%s", tc.argv, diff)
		}
	}
}
