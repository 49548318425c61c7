//go:build unix

package execvp

import (
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeExec records every execve the search makes and answers from a table
// of file → errno; a file not in the table is ENOENT.
type fakeExec struct {
	errs  map[string]syscall.Errno
	calls []string
}

func (f *fakeExec) execve(file string, argv, envv []string) error {
	f.calls = append(f.calls, file+" "+strings.Join(argv, ","))
	if errno, ok := f.errs[file]; ok {
		return errno
	}
	return syscall.ENOENT
}

func TestExecSearch(t *testing.T) {
	long := strings.Repeat("x", 256)
	tests := []struct {
		name      string
		path      *string // nil: PATH unset
		argv      []string
		errs      map[string]syscall.Errno
		wantErr   syscall.Errno
		wantCalls []string
	}{
		{name: "E1 empty name", path: ptr("/bin"), argv: []string{""}, wantErr: syscall.ENOENT},
		{
			name: "E2 slash: no search", path: ptr("/bin"), argv: []string{"./k", "a"},
			errs: map[string]syscall.Errno{"./k": syscall.EACCES}, wantErr: syscall.EACCES,
			wantCalls: []string{"./k ./k,a"},
		},
		{
			name: "E3 PATH unset uses /bin:/usr/bin", argv: []string{"foo"}, wantErr: syscall.ENOENT,
			wantCalls: []string{"/bin/foo foo", "/usr/bin/foo foo"},
		},
		{
			name: "E3 empty PATH is the current folder", path: ptr(""), argv: []string{"foo"}, wantErr: syscall.ENOENT,
			wantCalls: []string{"foo foo"},
		},
		{
			name: "E3 empty element is the current folder", path: ptr("/a::/b"), argv: []string{"foo"}, wantErr: syscall.ENOENT,
			wantCalls: []string{"/a/foo foo", "foo foo", "/b/foo foo"},
		},
		{
			name: "E4 EACCES remembered, later dir tried", path: ptr("/a:/b"), argv: []string{"foo"},
			errs: map[string]syscall.Errno{"/a/foo": syscall.EACCES}, wantErr: syscall.EACCES,
			wantCalls: []string{"/a/foo foo", "/b/foo foo"},
		},
		{
			name: "E4 ENOTDIR goes on", path: ptr("/a:/b"), argv: []string{"foo"},
			errs: map[string]syscall.Errno{"/a/foo": syscall.ENOTDIR}, wantErr: syscall.ENOENT,
			wantCalls: []string{"/a/foo foo", "/b/foo foo"},
		},
		{
			name: "E4 ELOOP stops", path: ptr("/a:/b"), argv: []string{"foo"},
			errs: map[string]syscall.Errno{"/a/foo": syscall.ELOOP}, wantErr: syscall.ELOOP,
			wantCalls: []string{"/a/foo foo"},
		},
		{
			name: "E5 ENOEXEC retried with /bin/sh", path: ptr("/a"), argv: []string{"s", "x", "-y"},
			errs:    map[string]syscall.Errno{"/a/s": syscall.ENOEXEC, "/bin/sh": syscall.E2BIG},
			wantErr: syscall.E2BIG, wantCalls: []string{"/a/s s,x,-y", "/bin/sh /bin/sh,/a/s,x,-y"},
		},
		{name: "E6 long name", path: ptr("/a"), argv: []string{long}, wantErr: syscall.ENAMETOOLONG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path == nil {
				t.Setenv("PATH", "")
				syscall.Unsetenv("PATH")
			} else {
				t.Setenv("PATH", *tt.path)
			}
			f := &fakeExec{errs: tt.errs}
			execve = f.execve
			defer func() { execve = syscall.Exec }()
			err := Exec(tt.argv, nil)
			if err != tt.wantErr {
				t.Errorf("Exec(%q) = %v, want %v", tt.argv, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantCalls, f.calls); diff != "" {
				t.Errorf("execve calls mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr(s string) *string { return &s }
