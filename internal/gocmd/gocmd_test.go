package gocmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/fixlint/fixlint/internal/fileio"
)

func TestWithoutModMod(t *testing.T) {
	base := []string{"HOME=/h", "GOFLAGS=-mod=mod -trimpath"}
	for _, c := range []struct {
		goflags string
		want    string // GOFLAGS in the result; "" means environ unchanged
	}{
		{"-trimpath", ""},
		{"-mod=vendor", ""},
		{"-mod=mod -trimpath", "-mod=readonly -trimpath"},
		{"--mod=mod", "-mod=readonly"},
		{"-mod=mod", "-mod=readonly"},
	} {
		got := withoutModMod(base, c.goflags)
		if c.want == "" {
			if !slices.Equal(got, base) {
				t.Errorf("%q: environ changed: %q", c.goflags, got)
			}
			continue
		}
		var flags []string
		for _, kv := range got {
			if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
				flags = append(flags, v)
			}
		}
		if len(flags) != 1 || flags[0] != c.want {
			t.Errorf("%q: GOFLAGS %q, want [%q]", c.goflags, flags, c.want)
		}
	}
}

// A FIFO where the go command reads a file is refused before any go
// command runs: the go command would block on it.
func TestPrepareRefusesFIFO(t *testing.T) {
	for _, name := range []string{"go.mod", "go.work", filepath.Join("vendor", "modules.txt"), filepath.Join("sub", "go.mod"),
		"go.sum", "go.work.sum", filepath.Join("sub", "go.sum"), filepath.Join("other", "go.mod")} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			// other is a directory replacement: the go command reads its
			// go.mod too.
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\nreplace example.com/other => ./other\n"), 0o666)
			for _, d := range []string{"vendor", "sub", "other"} {
				os.MkdirAll(filepath.Join(dir, d), 0o777)
			}
			if name != "go.work" {
				os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.22\n\nuse (\n\t.\n\t./sub\n)\n"), 0o666)
			}
			p := filepath.Join(dir, name)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			t.Setenv("GOWORK", "")
			_, err := Prepare(context.Background(), dir)
			var nr *fileio.NotRegularError
			if !errors.As(err, &nr) || nr.Path != p {
				t.Errorf("Prepare: %v, want %s not a regular file", err, p)
			}
		})
	}
}
