package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
)

// TestPublishedFromModuleCache: a module requiring a version its authors
// retracted, and a module its authors deprecated, gets both findings, at
// the require lines and at the imports, from the module cache alone: the
// proxy is turned off once the cache holds the newest go.mod, as after a
// go get or go list -m -u.
func TestPublishedFromModuleCache(t *testing.T) {
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	add := func(path, version, gomod string) {
		t.Helper()
		files := map[string][]byte{"lib.go": []byte("package " + filepath.Base(path) + "\n\nfunc F() {}\n")}
		if gomod != "" {
			files["go.mod"] = []byte(gomod)
		}
		if err := proxy.Add(path, version, files); err != nil {
			t.Fatal(err)
		}
	}
	add("example.com/retracted", "v1.0.0", "")
	add("example.com/retracted", "v1.1.0", "module example.com/retracted\n\ngo 1.22\n\n// Drops every header on redirects.\nretract v1.0.0\n")
	add("example.com/oldmod", "v1.0.0", "// Deprecated: use example.com/newmod, which keeps the same API.\nmodule example.com/oldmod\n\ngo 1.22\n")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/oldmod v1.0.0\n\texample.com/retracted v1.0.0\n)\n")
	writeFile(t, filepath.Join(dir, "app.go"), "package app\n\nimport (\n\t\"example.com/oldmod\"\n\t\"example.com/retracted\"\n)\n\nfunc f() { oldmod.F(); retracted.F() }\n")
	cache := t.TempDir()
	online := hermetic("GOPROXY="+proxy.URL(), "GOSUMDB=off", "GOMODCACHE="+cache, "GOFLAGS=-mod=mod")
	if r := runIn(t, dir, online, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}
	// What go get -u or go list -m -u does for a user: the newest go.mod
	// comes into the cache.
	if r := runIn(t, dir, online, "go", "list", "-m", "-u", "all"); r.code != 0 {
		t.Fatalf("go list -m -u all: %s", r.stderr)
	}
	t.Cleanup(func() { runIn(t, dir, online, "go", "clean", "-modcache") }) // read-only files

	offline := hermetic("GOMODCACHE="+cache, "GOSUMDB=off") // GOPROXY=off
	r := runIn(t, dir, offline, fixlintBin, "./...")
	if r.code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, exitFindings, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"go.mod:6:2: example.com/oldmod is deprecated by its authors: use example.com/newmod, which keeps the same API (per the go.mod of example.com/oldmod@v1.0.0 in the module cache)",
		"go.mod:7:2: example.com/retracted v1.0.0 is retracted by its authors: Drops every header on redirects; run go get example.com/retracted@v1.1.0 (per the go.mod of example.com/retracted@v1.1.0 in the module cache)",
		"app.go:4:2: example.com/oldmod is deprecated",
		"app.go:5:2: example.com/retracted v1.0.0 is retracted",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q\n%s", want, r.stdout)
		}
	}

	// JSON carries the kind, the fix and the command.
	r = runIn(t, dir, offline, fixlintBin, "-format", "json", "./...")
	var seen int
	for _, line := range strings.Split(r.stdout, "\n") {
		var msg struct {
			Finding *struct {
				Card, Level, Module, Version, Command string
				Fixed                                 string `json:"fixed_version"`
			}
		}
		if json.Unmarshal([]byte(line), &msg) != nil || msg.Finding == nil || msg.Finding.Card != "retracted" || msg.Finding.Level != "module" {
			continue
		}
		seen++
		if f := msg.Finding; f.Module != "example.com/retracted" || f.Version != "v1.0.0" {
			t.Errorf("JSON finding = %+v", f)
		}
		if f := msg.Finding; seen == 1 && (f.Fixed != "v1.1.0" || f.Command != "go get example.com/retracted@v1.1.0") {
			t.Errorf("JSON finding at go.mod = %+v, want the way out", f)
		}
	}
	// At the require line and at the import, both module-level: what the
	// authors say is about the module.
	if seen != 2 {
		t.Errorf("%d retracted module findings in JSON, want 2\n%s", seen, r.stdout)
	}

	// -published=off, an ignore directive and the configuration silence them.
	if r := runIn(t, dir, offline, fixlintBin, "-published=off", "./..."); r.code != exitOK {
		t.Errorf("-published=off: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, offline, fixlintBin, "-disable", "retracted,deprecated", "./..."); r.code != exitOK {
		t.Errorf("-disable retracted,deprecated: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/oldmod v1.0.0 // fixlint:ignore deprecated moving in Q3\n\texample.com/retracted v1.0.0 // fixlint:ignore retracted pinned until the vendor ships v1.2\n)\n")
	r = runIn(t, dir, offline, fixlintBin, "./...")
	if strings.Contains(r.stdout, "go.mod:") || !strings.Contains(r.stdout, "app.go:5:2") {
		t.Errorf("with ignore directives on the require lines: want only the imports reported\n%s%s", r.stdout, r.stderr)
	}
	writeFile(t, filepath.Join(dir, "app.go"), "package app\n\nimport (\n\t\"example.com/oldmod\" //fixlint:ignore deprecated moving in Q3\n\t\"example.com/retracted\" //fixlint:ignore retracted pinned until v1.2\n)\n\nfunc f() { oldmod.F(); retracted.F() }\n")
	if r := runIn(t, dir, offline, fixlintBin, "./..."); r.code != exitOK {
		t.Errorf("with ignore directives at the imports too: exit %d, want %d\n%s%s", r.code, exitOK, r.stdout, r.stderr)
	}
	// A bad -published value is a usage error.
	if r := runIn(t, dir, offline, fixlintBin, "-published=online", "./..."); r.code != exitUsage {
		t.Errorf("-published=online: exit %d, want %d", r.code, exitUsage)
	}
	if err := os.Remove(filepath.Join(dir, "go.sum")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// TestPublishedFetch: with only the required versions in the module
// cache, the retraction published later is unknown offline; -published
// fetch has the go command bring the latest go.mod in from the proxy.
func TestPublishedFetch(t *testing.T) {
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	for v, gomod := range map[string]string{
		"v1.0.0": "module example.com/retracted\n\ngo 1.22\n",
		"v1.1.0": "module example.com/retracted\n\ngo 1.22\n\nretract v1.0.0 // Published by mistake.\n",
	} {
		if err := proxy.Add("example.com/retracted", v, map[string][]byte{"go.mod": []byte(gomod), "r.go": []byte("package retracted\n")}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire example.com/retracted v1.0.0\n")
	writeFile(t, filepath.Join(dir, "app.go"), "package app\n\nimport _ \"example.com/retracted\"\n")
	cache := t.TempDir()
	online := hermetic("GOPROXY="+proxy.URL(), "GOSUMDB=off", "GOMODCACHE="+cache)
	if r := runIn(t, dir, online, "go", "mod", "download", "-modfile=go.mod", "example.com/retracted@v1.0.0"); r.code != 0 {
		t.Fatalf("go mod download: %s", r.stderr)
	}
	t.Cleanup(func() { runIn(t, dir, online, "go", "clean", "-modcache") })
	if r := runIn(t, dir, online, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}

	offline := hermetic("GOMODCACHE="+cache, "GOSUMDB=off")
	if r := runIn(t, dir, offline, fixlintBin, "./..."); r.code != exitOK || strings.Contains(r.stdout, "retracted") {
		t.Fatalf("before the fetch the cache knows no retraction: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runIn(t, dir, online, fixlintBin, "-published=fetch", "./...")
	if r.code != exitFindings || !strings.Contains(r.stdout, "go.mod:5:9: example.com/retracted v1.0.0 is retracted by its authors: Published by mistake; run go get example.com/retracted@v1.1.0") {
		t.Fatalf("-published=fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The cache now holds it: offline runs report it too.
	if r := runIn(t, dir, offline, fixlintBin, "./..."); r.code != exitFindings {
		t.Errorf("offline after the fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
