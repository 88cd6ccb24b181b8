package upgrade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplyMigrations: a migration is written whole; a file that changed
// since the plan was made (an earlier plan's migration, an editor) is left
// as it is, with an error naming it.
func TestApplyMigrations(t *testing.T) {
	dir := t.TempDir()
	same, changed := filepath.Join(dir, "same.go"), filepath.Join(dir, "changed.go")
	for _, f := range []string{same, changed} {
		if err := os.WriteFile(f, []byte("package p\n\nvar X = lib.Old()\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := &Plan{Module: "example.com/lib", changes: map[string]change{
		same:    {old: []byte("package p\n\nvar X = lib.Old()\n"), new: []byte("package p\n\nvar X = lib.New()\n")},
		changed: {old: []byte("package p\n\nvar X = lib.Old()\n"), new: []byte("package p\n\nvar X = lib.New()\n")},
	}}
	if err := os.WriteFile(changed, []byte("package p\n\nvar X = lib.Old() // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, errs := p.ApplyMigrations()
	if files != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "changed.go changed since the plan was made") {
		t.Fatalf("ApplyMigrations() = %d, %v", files, errs)
	}
	if data, _ := os.ReadFile(same); string(data) != "package p\n\nvar X = lib.New()\n" {
		t.Errorf("same.go: %q", data)
	}
	if data, _ := os.ReadFile(changed); !strings.Contains(string(data), "// edited") {
		t.Errorf("changed.go was overwritten: %q", data)
	}
	if fi, err := os.Stat(same); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("same.go's mode after the migration: %v, %v", fi.Mode(), err)
	}
}

// TestApplyEditsOverlap: of two overlapping edits the first wins; equal
// ones count once; a gofmt-clean file stays so.
func TestApplyEditsOverlap(t *testing.T) {
	f := filepath.Join(t.TempDir(), "a.go")
	src := "package a\n\nvar x = f(g(1))\n"
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	at := strings.Index(src, "f(g(1))")
	changes, err := applyEdits([]edit{
		{file: f, start: at, end: at + 1, text: "h"},
		{file: f, start: at, end: at + 1, text: "h"},
		{file: f, start: at, end: at + len("f(g(1))"), text: "k()"},
		{file: f, start: at + 2, end: at + 3, text: "j"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(changes[f].new); got != "package a\n\nvar x = h(j(1))\n" {
		t.Errorf("applyEdits: %q", got)
	}
}

// TestInside: a migration rewrites only files in the module's directory,
// symbolic links followed.
func TestInside(t *testing.T) {
	mod, elsewhere := t.TempDir(), t.TempDir()
	own, far := filepath.Join(mod, "a.go"), filepath.Join(elsewhere, "b.go")
	for _, f := range []string{own, far} {
		if err := os.WriteFile(f, []byte("package a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(mod, "b.go")
	if err := os.Symlink(far, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if !inside(mod, own) || inside(mod, link) || inside(mod, far) {
		t.Errorf("inside: own %v, link out %v, far %v", inside(mod, own), inside(mod, link), inside(mod, far))
	}
}
