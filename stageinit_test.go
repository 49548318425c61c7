//go:build linux

package main

// What runs in a stage of a program that imports spawn (issue 9.8): the
// rule is stated in the trampoline package's documentation; this builds a
// program of three packages and checks it.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStageInitOrder: "example.com/importer/aaa" sorts before the
// trampoline package and does not import it, so its init runs again in
// the stage; "example.com/importer/late" imports spawn, so its init (like
// main) runs only in the program itself.
func TestStageInitOrder(t *testing.T) {
	t.Parallel()
	goTool := needTool(t, "go", "to build a program that imports spawn")
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod": "module example.com/importer\n\ngo 1.26.0\n\nrequire github.com/sysprims/sysprims v0.0.0\n\n" +
			"replace github.com/sysprims/sysprims => " + repo + "\n",
		"go.sum": string(sum),
		"aaa/aaa.go": `package aaa

import "os"

func init() { note("aaa") }

func note(what string) {
	f, _ := os.OpenFile(os.Getenv("INIT_LOG"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	f.WriteString(what + "\n")
	f.Close()
}

func Note(what string) { note(what) }
`,
		"late/late.go": `package late

import (
	"example.com/importer/aaa"
	_ "github.com/sysprims/sysprims/spawn"
)

func init() { aaa.Note("late") }
`,
		"main.go": `package main

import (
	"example.com/importer/aaa"
	_ "example.com/importer/late"
	"github.com/sysprims/sysprims/spawn"
)

func main() {
	aaa.Note("main")
	if _, err := spawn.RunSetsid("true", nil, spawn.SetsidConfig{Wait: true}); err != nil {
		panic(err)
	}
}
`,
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command(goTool, "build", "-mod=mod", "-o", "importer", ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	log := filepath.Join(dir, "init.log")
	run := exec.Command(filepath.Join(dir, "importer"))
	run.Env = append(os.Environ(), "INIT_LOG="+log)
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("importer: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(log)
	// The program: aaa, late, main; its stage: aaa again, then the exec.
	if diff := cmp.Diff([]string{"aaa", "late", "main", "aaa"}, strings.Fields(string(got))); diff != "" {
		t.Errorf("inits run, in order (-want +got):\n%s", diff)
	}
}
