package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFindConfig: .fixlint.yaml is searched from the start directory up to
// the module's repository root, or the module root outside a repository,
// and a file above that is reported as ignored, never used.
func TestFindConfig(t *testing.T) {
	mk := func(root string, paths ...string) {
		for _, p := range paths {
			p = filepath.Join(root, p)
			if filepath.Ext(p) == "" && filepath.Base(p) != "go.mod" && filepath.Base(p) != "go.work" {
				os.MkdirAll(p, 0o777)
				continue
			}
			os.MkdirAll(filepath.Dir(p), 0o777)
			os.WriteFile(p, nil, 0o666)
		}
	}
	tests := []struct {
		name          string
		files         []string
		start         string
		file, ignored string
	}{
		{"repository above the module", []string{".git", ".fixlint.yaml", "a/go.mod", "a/b"}, "a/b", ".fixlint.yaml", ""},
		{"module without repository", []string{".fixlint.yaml", "mod/go.mod", "mod/pkg"}, "mod/pkg", "", ".fixlint.yaml"},
		{"module root", []string{".fixlint.yaml", "mod/go.mod", "mod/.fixlint.yaml", "mod/pkg"}, "mod/pkg", "mod/.fixlint.yaml", ""},
		{"workspace root", []string{"go.work", ".fixlint.yaml", "m"}, "m", ".fixlint.yaml", ""},
		{"no module, no repository", []string{".fixlint.yaml", "dir"}, "dir", "", ".fixlint.yaml"},
		{"repository inside a parent repository", []string{".git", ".fixlint.yaml", "sub/.git", "sub/go.mod"}, "sub", "", ".fixlint.yaml"},
	}
	for _, tt := range tests {
		root := t.TempDir()
		mk(root, tt.files...)
		got := findConfig(filepath.Join(root, tt.start))
		want := configSearch{stop: got.stop}
		if tt.file != "" {
			want.file = filepath.Join(root, tt.file)
		}
		if tt.ignored != "" {
			want.ignored = filepath.Join(root, tt.ignored)
		}
		if got != want {
			t.Errorf("%s: findConfig = %+v, want %+v", tt.name, got, want)
		}
	}
}
