package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/testenv"
)

// TestPreCommitHook runs the hook of .pre-commit-hooks.yaml with the real
// pre-commit (Debian's package), as a user's repository would: pre-commit
// builds fixlint from this checkout (language: golang) and runs it on a
// module with findings, where the hook must fail, and on a clean one,
// where it must pass. try-repo takes the checkout's uncommitted changes
// too.
func TestPreCommitHook(t *testing.T) {
	testenv.Integration(t, "builds fixlint inside pre-commit's own Go environment")
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Fatalf("pre-commit is not installed (apt-get install pre-commit; .ci/run does): %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skipf("pre-commit needs this checkout to be a git repository: %v", err)
	}
	home := t.TempDir() // pre-commit's cache: the hook's Go environment
	env := append(os.Environ(), "PRE_COMMIT_HOME="+home, "GOFLAGS=", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")

	repo := func(files map[string]string) string {
		dir := t.TempDir()
		for name, text := range files {
			writeFile(t, filepath.Join(dir, name), text)
		}
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "init"}} {
			if r := runIn(t, dir, env, "git", args...); r.code != 0 {
				t.Fatalf("git %v: %s", args, r.stderr)
			}
		}
		return dir
	}

	clean := repo(map[string]string{
		"go.mod":   "module example.com/clean\n\ngo 1.22\n",
		"clean.go": "package clean\n\nfunc F() {}\n",
	})
	r := runIn(t, clean, env, "pre-commit", "try-repo", root, "fixlint", "--all-files")
	if r.code != 0 || !strings.Contains(r.stdout, "Passed") {
		t.Fatalf("hook on a clean module: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The demo module, with its vendor directory: findings, so the hook fails
	// and shows them.
	demo := map[string]string{}
	src := filepath.Join(root, "testdata", "demo")
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(src, path)
		demo[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r = runIn(t, repo(demo), env, "pre-commit", "try-repo", root, "fixlint", "--all-files")
	if r.code == 0 || !strings.Contains(r.stdout, "exit code: 3") || !strings.Contains(r.stdout, "main.go:17:23: SetAuthScheme(\"\")") {
		t.Fatalf("hook on the demo module: exit %d, want a failure that shows the findings\n%s%s", r.code, r.stdout, r.stderr)
	}
}
