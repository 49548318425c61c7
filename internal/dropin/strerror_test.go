//go:build linux

package dropin

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestStrerrorMatchesGlibc compares every errno's text with the C
// library's, through perl's $! (strerror in the C locale).
func TestStrerrorMatchesGlibc(t *testing.T) {
	perl, err := exec.LookPath("perl")
	if err != nil {
		missingPrerequisite(t, "perl, to read glibc's strerror texts")
	}
	// $! is empty for 0, so errno 0 is checked by hand below.
	script := `for my $i (1..133) { $! = $i; print "$!\n" }`
	cmd := exec.Command(perl, "-e", script)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for i, text := range want {
		if got := strerror(syscall.Errno(i + 1)); got != text {
			t.Errorf("strerror(%d) = %q, glibc says %q", i+1, got, text)
		}
	}
	if len(want) != 133 {
		t.Errorf("perl printed %d lines, want 133", len(want))
	}
	if got := strerror(0); got != "Success" {
		t.Errorf("strerror(0) = %q, want Success", got)
	}
	if got := errnoText(fmt.Errorf("open x: %w", syscall.ENOENT)); got != "No such file or directory" {
		t.Errorf("errnoText(wrapped ENOENT) = %q", got)
	}
}
