package golangci_test

// The integration test builds golangci-lint with the plugin compiled in, as
// `golangci-lint custom` does, but from the Go module cache or proxy instead
// of a git clone: it copies the golangci-lint module source, writes
// cmd/golangci-lint/plugins.go with a blank import of this package, requires
// and replaces github.com/fixlint/fixlint with this repository, runs go mod
// tidy and go build. The binary is cached under os.UserCacheDir()/fixlint-gcl,
// keyed by the plugin's sources, so that reruns take seconds.
//
// It is skipped with -short, and runs only with FIXLINT_INTEGRATION=1 (.ci/run sets it).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/testenv"
	"github.com/fixlint/fixlint/internal/vulndb"
	"github.com/fixlint/fixlint/internal/vulndb/vulndbtest"
)

const (
	gclModule     = "github.com/golangci/golangci-lint/v2"
	gclVersion    = "v2.15.0"
	pluginModule  = "github.com/fixlint/fixlint"
	pluginImport  = "github.com/fixlint/fixlint/golangci"
	gclCacheName  = "fixlint-gcl"
	gclStaleAfter = 7 * 24 * time.Hour
)

func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint: skipped in -short mode")
	}
	testenv.Integration(t, "builds golangci-lint v2.15.0 from the module proxy, about 18 minutes cold")
	bin := customGCL(t)

	t.Run("findings", func(t *testing.T) {
		issues := runGCL(t, bin, demoFixture(t), gclConfig(""))
		want(t, issues, "main.go", 11, "github.com/go-resty/resty/v2 v2.16.3 is affected by FIX-0002")
		want(t, issues, "main.go", 17, `SetAuthScheme("") does not remove the scheme`, "(FIX-0002)")
		want(t, issues, "main.go", 10, "github.com/getkin/kin-openapi v0.143.0 is affected by FIX-0003")
		want(t, issues, "main.go", 22, "(FIX-0003)")
		for _, is := range issues {
			if is.FromLinter != "fixlint" {
				t.Errorf("issue from linter %q, want fixlint: %s", is.FromLinter, is)
			}
		}
	})

	t.Run("nolint and exclusions", func(t *testing.T) {
		dir := demoFixture(t)
		main := filepath.Join(dir, "main.go")
		src, err := os.ReadFile(main)
		if err != nil {
			t.Fatal(err)
		}
		const call = `client.SetAuthScheme("")`
		if !bytes.Contains(src, []byte(call+"\n")) {
			t.Fatalf("testdata/demo/main.go has no line %q", call)
		}
		src = bytes.Replace(src, []byte(call+"\n"), []byte(call+" //nolint:fixlint // the API takes a bare token\n"), 1)
		if err := os.WriteFile(main, src, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := gclConfig("") + `  exclusions:
    rules:
      - linters: [fixlint]
        text: "FIX-0003"
`
		issues := runGCL(t, bin, dir, cfg)
		want(t, issues, "main.go", 11, "is affected by FIX-0002")
		notWant(t, issues, "main.go", 17, "//nolint:fixlint")
		for _, is := range issues {
			if strings.Contains(is.Text, "FIX-0003") {
				t.Errorf("the exclusion rule on text FIX-0003 kept %s", is)
			}
		}
	})

	t.Run("settings", func(t *testing.T) {
		issues := runGCL(t, bin, demoFixture(t), gclConfig("disable: [FIX-0002]"))
		want(t, issues, "main.go", 10, "is affected by FIX-0003")
		for _, is := range issues {
			if strings.Contains(is.Text, "FIX-0002") {
				t.Errorf("disable: [FIX-0002] kept %s", is)
			}
		}
	})

	t.Run("osv update", func(t *testing.T) {
		// golangci-lint keeps its cache across the runs, as on a
		// developer's machine; the update adds a record about a call in
		// main.go, which does not change.
		fixCache := t.TempDir()
		t.Setenv("FIXLINT_CACHE", fixCache) // for vulndb.Update, here
		env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir(), "FIXLINT_CACHE=" + fixCache}
		kin := fixture.Record{ID: "GO-2099-0001", Summary: "kin leaks", Module: "github.com/getkin/kin-openapi",
			Fixed: "0.144.0", Package: "github.com/getkin/kin-openapi/openapi3filter"}
		resty := fixture.Record{ID: "GO-2099-0002", Summary: "SetAuthScheme leaks the token", Module: "github.com/go-resty/resty/v2",
			Fixed: "2.16.5", Package: "github.com/go-resty/resty/v2", Symbols: []string{"Client.SetAuthScheme"}}
		srv := vulndbtest.NewServer(layout(t, kin))
		defer srv.Close()
		if _, err := vulndb.Update(context.Background(), vulndb.Options{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
		dir := demoFixture(t)
		// Both records' lines have a card's finding too.
		cfg := gclConfig("osv: update") + "issues:\n  uniq-by-line: false\n"
		issues := runGCL(t, bin, dir, cfg, env...)
		want(t, issues, "main.go", 10, "GO-2099-0001")
		for _, is := range issues {
			if strings.Contains(is.Text, "GO-2099-0002") {
				t.Errorf("before the update: %s", is)
			}
		}
		srv.Set(layout(t, kin, resty))
		if _, err := vulndb.Update(context.Background(), vulndb.Options{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
		issues = runGCL(t, bin, dir, cfg, env...)
		want(t, issues, "main.go", 17, "SetAuthScheme leaks the token", "GO-2099-0002")
	})

	t.Run("bad settings", func(t *testing.T) {
		out := runGCLFail(t, bin, demoFixture(t), gclConfig("severity: urgent"))
		if !strings.Contains(out, `unknown severity "urgent"`) {
			t.Errorf("golangci-lint with severity: urgent: want an unknown severity error, got:\n%s", out)
		}
		out = runGCLFail(t, bin, demoFixture(t), gclConfig("rule: [x]"))
		if !strings.Contains(out, `unknown field "rule"`) {
			t.Errorf("golangci-lint with an unknown setting: want an unknown field error, got:\n%s", out)
		}
	})
}

// layout is a database of records in vuln.go.dev's layout.
func layout(t *testing.T, recs ...fixture.Record) map[string][]byte {
	t.Helper()
	files, err := records(t, recs...).Layout()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// gclConfig returns a .golangci.yml that runs fixlint alone, with the given
// settings line (YAML, may be empty). It ends inside the linters section.
func gclConfig(settings string) string {
	s := `version: "2"
linters:
  default: none
  enable:
    - fixlint
  settings:
    custom:
      fixlint:
        type: module
        description: known problems fixed in later releases of dependencies
`
	if settings != "" {
		s += "        settings:\n          " + settings + "\n"
	}
	return s
}

// demoFixture copies testdata/demo (a vendored module) to a temporary
// directory.
func demoFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "testdata", "demo"), dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (is gclIssue) String() string {
	return fmt.Sprintf("%s:%d:%d: %s (%s)", is.Pos.Filename, is.Pos.Line, is.Pos.Column, is.Text, is.FromLinter)
}

func (is gclIssue) at(file string, line int) bool {
	return filepath.ToSlash(is.Pos.Filename) == file && is.Pos.Line == line
}

func want(t *testing.T, issues []gclIssue, file string, line int, texts ...string) {
	t.Helper()
	for _, is := range issues {
		if is.at(file, line) && containsAll(is.Text, texts) {
			return
		}
	}
	t.Errorf("no issue at %s:%d with %q; issues:\n%s", file, line, texts, listIssues(issues))
}

func notWant(t *testing.T, issues []gclIssue, file string, line int, why string) {
	t.Helper()
	for _, is := range issues {
		if is.at(file, line) {
			t.Errorf("%s should have removed %s", why, is)
		}
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func listIssues(issues []gclIssue) string {
	var b strings.Builder
	for _, is := range issues {
		fmt.Fprintf(&b, "\t%s\n", is)
	}
	if len(issues) == 0 {
		b.WriteString("\t(none)\n")
	}
	return b.String()
}

// gclCommand prepares golangci-lint run in dir with config cfg. The demo is
// vendored: no network, and a cache of golangci-lint's own per run, since
// its cache key does not include the plugin's settings.
func gclCommand(t *testing.T, bin, dir, cfg string, env ...string) *exec.Cmd {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run",
		"--output.json.path=stdout", "--show-stats=false", "--issues-exit-code=0", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GOFLAGS=-mod=vendor",
		"GOPROXY=off",
		"GOWORK=off",
		"GOLANGCI_LINT_CACHE="+t.TempDir(),
	)
	cmd.Env = append(cmd.Env, env...) // the last of a variable wins
	return cmd
}

// runGCL runs golangci-lint and returns its issues.
func runGCL(t *testing.T, bin, dir, cfg string, env ...string) []gclIssue {
	t.Helper()
	cmd := gclCommand(t, bin, dir, cfg, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("golangci-lint run: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	t.Logf("golangci-lint run took %s", time.Since(start).Round(time.Millisecond))
	var report struct{ Issues []gclIssue }
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("golangci-lint output is not JSON: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("golangci-lint stderr:\n%s", stderr.String())
	}
	return report.Issues
}

// runGCLFail runs golangci-lint, expects it to fail, and returns its output.
func runGCLFail(t *testing.T, bin, dir, cfg string) string {
	t.Helper()
	out, err := gclCommand(t, bin, dir, cfg).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("golangci-lint run: want a failure, got %v\n%s", err, out)
	}
	return string(out)
}

// customGCL returns a golangci-lint binary with this repository's plugin
// compiled in, building it unless the cache holds one for the same sources.
func customGCL(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	key, err := pluginKey(root)
	if err != nil {
		t.Fatal(err)
	}
	cacheDir, err := os.UserCacheDir()
	if err != nil {
		cacheDir = os.TempDir()
	}
	cacheDir = filepath.Join(cacheDir, gclCacheName)
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := "golangci-lint-" + gclVersion + "-" + key
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	bin := filepath.Join(cacheDir, name)
	if _, err := os.Stat(bin); err == nil {
		t.Logf("using cached %s", bin)
		now := time.Now()
		_ = os.Chtimes(bin, now, now)
		return bin
	}

	start := time.Now()
	if err := buildGCL(t, root, cacheDir, bin); err != nil {
		t.Fatal(err)
	}
	t.Logf("built %s in %s", bin, time.Since(start).Round(time.Second))
	pruneGCLCache(cacheDir, name)
	return bin
}

// buildGCL builds golangci-lint with the plugin into bin.
func buildGCL(t *testing.T, root, cacheDir, bin string) error {
	t.Helper()
	work, err := os.MkdirTemp(cacheDir, "build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// The module source: from the module cache, or the proxy.
	out, err := goCmd(t, root, "mod", "download", "-json", gclModule+"@"+gclVersion)
	if err != nil {
		return err
	}
	var dl struct{ Dir, Error string }
	if err := json.Unmarshal(out, &dl); err != nil {
		return fmt.Errorf("go mod download: %v\n%s", err, out)
	}
	if dl.Error != "" || dl.Dir == "" {
		return fmt.Errorf("go mod download %s@%s: %s", gclModule, gclVersion, dl.Error)
	}

	// A writable copy: the module cache is read-only.
	src := filepath.Join(work, "golangci-lint")
	if err := copyTree(dl.Dir, src); err != nil {
		return err
	}
	plugins := "// Code generated by fixlint's integration test. DO NOT EDIT.\n\npackage main\n\nimport (\n\t_ \"" + pluginImport + "\"\n)\n"
	if err := os.WriteFile(filepath.Join(src, "cmd", "golangci-lint", "plugins.go"), []byte(plugins), 0o644); err != nil {
		return err
	}
	steps := [][]string{
		{"mod", "edit", "-require=" + pluginModule + "@v0.0.0-00010101000000-000000000000", "-replace=" + pluginModule + "=" + root},
		{"mod", "tidy"},
		{"build", "-trimpath", "-ldflags", "-s -w -X main.version=" + strings.TrimPrefix(gclVersion, "v") + "-fixlint-test",
			"-o", filepath.Join(work, "golangci-lint.bin"), "./cmd/golangci-lint"},
	}
	for _, args := range steps {
		step := time.Now()
		if _, err := goCmd(t, src, args...); err != nil {
			return err
		}
		t.Logf("go %s: %s", args[0]+" "+args[1], time.Since(step).Round(time.Second))
	}
	// Rename last, so that a concurrent or interrupted run never sees half
	// a binary.
	return os.Rename(filepath.Join(work, "golangci-lint.bin"), bin)
}

// goCmd runs the go command in dir and returns its standard output.
func goCmd(t *testing.T, dir string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s (in %s): %v\n%s%s", strings.Join(args, " "), dir, err, stderr.String(), stdout.String())
	}
	return stdout.Bytes(), nil
}

// pluginKey hashes what the plugin is built from: the Go and embedded files
// of this module's packages that the plugin imports, go.mod and go.sum,
// the golangci-lint version and the Go toolchain.
func pluginKey(root string) (string, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=Dir,GoFiles,CgoFiles,EmbedFiles,Module", pluginImport)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%v\n%s", err, exit.Stderr)
		}
		return "", fmt.Errorf("go list -deps %s: %v", pluginImport, err)
	}
	files := []string{"go.mod", "go.sum"}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir                           string
			GoFiles, CgoFiles, EmbedFiles []string
			Module                        *struct{ Main bool }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
		if p.Module == nil || !p.Module.Main {
			continue // the standard library and other modules: versioned
		}
		rel, err := filepath.Rel(root, p.Dir)
		if err != nil {
			return "", err
		}
		for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.EmbedFiles} {
			for _, f := range list {
				files = append(files, filepath.Join(rel, f))
			}
		}
	}
	sort.Strings(files)

	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %v", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %s/%s\n", gclVersion, bytes.TrimSpace(goVersion), runtime.GOOS, runtime.GOARCH)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(f), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// pruneGCLCache removes binaries of other sources not used for a week, and
// build directories left by interrupted runs.
func pruneGCLCache(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == keep {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < gclStaleAfter {
			continue
		}
		if strings.HasPrefix(e.Name(), "golangci-lint-") || strings.HasPrefix(e.Name(), "build-") {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// copyTree copies the regular files under src to dst, writable.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, mode)
	})
}
