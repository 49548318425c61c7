//go:build linux

package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUserModule uses the library the way a user does: a module of its own
// in a fresh folder that runs `go get github.com/sysprims/sysprims@VERSION`
// and builds a program importing spawn, with no replace directive. The
// version is this checkout, served by a module proxy in a folder (a
// GOPROXY of file:// URLs, the layout of proxy.golang.org); the
// dependencies come from the machine's module cache, or from the
// network proxy if it lacks them. The checksum database cannot know an
// unpublished version, so GOSUMDB is off for this build only.
func TestUserModule(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		requirement(t, "the go command")
	}
	const modPath = "github.com/sysprims/sysprims"
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	version := serveModule(t, ".", modPath, filepath.Join(proxy, modPath, "@v"))

	user := filepath.Join(tmp, "user")
	writeFiles(t, user, map[string]string{
		"go.mod": "module example.com/user\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"strings"

	"github.com/sysprims/sysprims/spawn"
)

func main() {
	var out strings.Builder
	c := spawn.Command("sh", "-c", "[ \"$(cut -d' ' -f6 /proc/$$/stat)\" = $$ ] && echo leads its session; exit 3")
	c.Setsid, c.Stdout = true, &out
	st, err := c.Run()
	fmt.Print(out.String())
	fmt.Println(st, err)
}
`,
	})
	cache, err := exec.Command(goTool, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"GOPROXY=file://"+proxy+",file://"+filepath.Join(strings.TrimSpace(string(cache)), "cache", "download")+",https://proxy.golang.org",
		"GOSUMDB=off",
		"GOFLAGS=-modcacherw",
		"GOMODCACHE="+filepath.Join(tmp, "modcache"),
		"GOTOOLCHAIN=local",
		"GOWORK=off",
	)
	goCmd := func(args ...string) string {
		t.Helper()
		c := exec.Command(goTool, args...)
		c.Dir, c.Env = user, env
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("get", modPath+"@"+version)
	goCmd("build", "-o", "prog", ".")
	out, err := exec.Command(filepath.Join(user, "prog")).CombinedOutput()
	if err != nil {
		t.Fatalf("prog: %v\n%s", err, out)
	}
	if diff := cmp.Diff("leads its session\nexit status 3 <nil>\n", string(out)); diff != "" {
		t.Errorf("the user's program (-want +got):\n%s", diff)
	}
	if mod, _ := os.ReadFile(filepath.Join(user, "go.mod")); !strings.Contains(string(mod), modPath+" "+version) || strings.Contains(string(mod), "replace") {
		t.Errorf("go.mod after go get:\n%s", mod)
	}
}

// serveModule writes the module in dir as version files under at (a
// module proxy's @v folder) and returns the version: a pseudo-version
// named after the content, so that a changed checkout is a new version.
func serveModule(t *testing.T, dir, modPath, at string) string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && (strings.HasPrefix(d.Name(), ".") || fileExists(filepath.Join(path, "go.mod"))) {
			return filepath.SkipDir // VCS data, and nested modules, are no part of a module
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(h, f+"\x00")
		h.Write(b)
	}
	version := "v0.0.0-20261206000000-" + hex.EncodeToString(h.Sum(nil))[:12]
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for _, f := range files {
		w, err := zw.Create(modPath + "@" + version + "/" + filepath.ToSlash(filepath.Clean(f)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(f)
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, at, map[string]string{
		version + ".mod":  string(gomod),
		version + ".info": `{"Version":"` + version + `","Time":"2026-12-06T00:00:00Z"}`,
		"list":            version + "\n",
	})
	return version
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
