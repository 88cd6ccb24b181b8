package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
)

// Rows about -fix: it writes the user's files and runs go get, so a full
// disk, a go get that fails, or an upgrade that brings in another affected
// version must leave the files whole and be said, with exit 1.

// renameApp lays out a module that uses the old name WSGIDispatch of a
// vendored example.com/webclient v0.14.2 (SEED-0000 renames it; no card
// asks for an upgrade), with main.go padded to pad bytes at least.
func renameApp(t *testing.T, dir string, pad int) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire example.com/webclient v0.14.2\n")
	writeFile(t, filepath.Join(dir, "vendor", "modules.txt"), "# example.com/webclient v0.14.2\n## explicit; go 1.22\nexample.com/webclient\n")
	writeFile(t, filepath.Join(dir, "vendor", "example.com", "webclient", "webclient.go"),
		"package webclient\n\ntype WSGITransport struct{ App any }\n\n// Deprecated: use WSGITransport.\ntype WSGIDispatch = WSGITransport\n")
	src := "package main\n\nimport \"example.com/webclient\"\n\nvar T webclient.WSGIDispatch\n\nfunc main() { _ = T }\n"
	if n := pad - len(src); n > 0 {
		src += "\n// " + strings.Repeat("x", n) + "\n"
	}
	writeFile(t, filepath.Join(dir, "main.go"), src)
}

// seedsDir is the absolute path of the test cards.
func seedsDir(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../testdata/seeds")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// proxyEnv makes a file-based module proxy and a module cache of the row's
// own (fake modules of one row must not meet another row's in a shared
// cache), and returns them with the environment that uses them.
func proxyEnv(t testing.TB) (*fixture.Proxy, []string) {
	t.Helper()
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	cache := t.TempDir()
	t.Cleanup(func() { makeWritable(cache) }) // runs before TempDir's removal
	return proxy, []string{"GOPROXY=" + proxy.URL(), "GOSUMDB=off", "GOMODCACHE=" + cache}
}

// makeWritable undoes the module cache's read-only directories.
func makeWritable(dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o777)
		}
		return nil
	})
}

// publish adds a module version to the proxy: one package, at the module
// root, with a func F that calls F of each module it requires; reqs are
// go.mod require lines ("example.com/c v1.0.0").
func publish(t testing.TB, p *fixture.Proxy, path, version string, reqs ...string) {
	t.Helper()
	name := path[strings.LastIndex(path, "/")+1:]
	gomod := "module " + path + "\n\ngo 1.22\n"
	src := "package " + name + "\n\n"
	body := ""
	for i, r := range reqs {
		gomod += "\nrequire " + r + "\n"
		dep := strings.Fields(r)[0]
		src += fmt.Sprintf("import dep%d %q\n\n", i, dep)
		body += fmt.Sprintf("\tdep%d.F()\n", i)
	}
	files := map[string][]byte{
		"go.mod":     []byte(gomod),
		name + ".go": []byte(src + "func F() {\n" + body + "}\n"),
	}
	if err := p.Add(path, version, files); err != nil {
		t.Fatal(err)
	}
}

// tidyApp writes a module that imports the packages given and requires the
// versions given, and fills its go.sum from the proxy.
func tidyApp(t testing.TB, dir string, env []string, imports []string, reqs ...string) {
	t.Helper()
	gomod := "module example.com/app\n\ngo 1.22\n"
	for _, r := range reqs {
		gomod += "\nrequire " + r + "\n"
	}
	writeFile(t, filepath.Join(dir, "go.mod"), gomod)
	src := "package main\n\nimport (\n"
	body := ""
	for i, imp := range imports {
		src += fmt.Sprintf("\td%d %q\n", i, imp)
		body += fmt.Sprintf("\td%d.F()\n", i)
	}
	writeFile(t, filepath.Join(dir, "main.go"), src+")\n\nfunc main() {\n"+body+"}\n")
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = hermetic(env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
}

// osvDB writes OSV records into a new directory.
func osvDB(t testing.TB, records ...fixture.Record) string {
	t.Helper()
	db := t.TempDir()
	if err := fixture.WriteOSV(db, records...); err != nil {
		t.Fatal(err)
	}
	return db
}

// fakeGoOnPath puts a "go" first on PATH that records the arguments of
// go get in $DIR/go-get.log and succeeds, and runs the real go command
// for anything else.
func fakeGoOnPath(t *testing.T, dir string) string {
	t.Helper()
	real, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	real, _ = filepath.Abs(real)
	bin := filepath.Join(dir, ".fakebin")
	script := "#!/bin/sh\nif [ \"$1\" = get ]; then echo \"$@\" >> '" + filepath.Join(dir, "go-get.log") + "'; exit 0; fi\nexec '" + real + "' \"$@\"\n"
	writeFile(t, filepath.Join(bin, "go"), script)
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	return "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

// stdlibRecord is a standard library problem that no released Go fixes
// yet: the toolchain that runs the test is affected.
var stdlibRecord = fixture.Record{ID: "GO-9999-0100", Summary: "net/http misbehaves", Module: "stdlib", Fixed: "1.99.0",
	Package: "net/http", Symbols: []string{"Get"}}

func init() {
	addHostile(
		hostileCase{
			name:  "fix-full-disk",
			entry: "fixlint -fix ./...",
			input: "a suggested rename in a 256 KiB main.go, with writes limited to 128 KiB (ulimit -f, as a full disk)",
			want:  "main.go untouched (no temporary file left), the error names main.go; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				if _, err := exec.LookPath("bash"); err != nil {
					t.Skip("no bash for ulimit")
				}
				renameApp(t, dir, 256<<10)
				// SIGXFSZ ignored: the write fails with EFBIG instead of
				// killing the process.
				return []string{"bash", "-c", `trap "" XFSZ; ulimit -f 128; exec "$0" -rules "$1" -fix ./...`, fixlintBin, seedsDir(t)}
			},
			code:   exitError,
			stderr: `main\.go.*file too large`,
			check: func(t *testing.T, dir string, res runResult) {
				data, err := os.ReadFile(filepath.Join(dir, "main.go"))
				if err != nil {
					t.Fatal(err)
				}
				if len(data) < 256<<10 || !strings.Contains(string(data), "webclient.WSGIDispatch") {
					t.Errorf("main.go changed by a failed -fix: %d bytes", len(data))
				}
				ents, _ := os.ReadDir(dir)
				for _, e := range ents {
					if strings.Contains(e.Name(), "fixlint") {
						t.Errorf("temporary file left behind: %s", e.Name())
					}
				}
			},
		},
		hostileCase{
			name:  "fix-toolchain-command",
			entry: "fixlint -fix ./...",
			input: "the standard library of the toolchain in use is affected (an OSV record fixed in go1.99.0); go get recorded",
			want:  "-fix runs go get toolchain@go1.99.0, the command its message recommends; exit 0",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n")
				writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
				r.env = append(r.env, fakeGoOnPath(t, dir))
				return []string{"fixlint", "-osv", osvDB(t, stdlibRecord), "-fix", "./..."}
			},
			code:   exitOK,
			stdout: `go\.mod:3:1: the standard library .*\(go get toolchain@go1\.99\.0\)`,
			check: func(t *testing.T, dir string, res runResult) {
				log, _ := os.ReadFile(filepath.Join(dir, "go-get.log"))
				if string(log) != "get toolchain@go1.99.0\n" {
					t.Errorf("go get ran with %q, want \"get toolchain@go1.99.0\"", log)
				}
			},
		},
		hostileCase{
			name:  "fix-toolchain-offline",
			entry: "fixlint -fix ./...",
			input: "an affected standard library, with GOTOOLCHAIN=local and GOPROXY=off (no toolchain can be downloaded)",
			want:  "go get toolchain@go1.99.0 fails and the go command's reason is reported, go.mod untouched; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n")
				writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
				r.env = append(r.env, "GOTOOLCHAIN=local")
				return []string{"fixlint", "-osv", osvDB(t, stdlibRecord), "-fix", "./..."}
			},
			code:   exitError,
			stderr: `go get toolchain@go1\.99\.0 failed: .*GOPROXY=off`,
			check: func(t *testing.T, dir string, res runResult) {
				sameFile(t, filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.22\n"))
			},
		},
		hostileCase{
			name:  "fix-one-get-fails",
			entry: "fixlint -fix ./...",
			input: "two affected modules; the proxy has the fixed version of one (example.com/fixok) but not of the other (example.com/fixbad, sorted first)",
			want:  "example.com/fixok upgraded all the same, the failed go get reported with the go command's reason; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				proxy, env := proxyEnv(t)
				publish(t, proxy, "example.com/fixbad", "v1.0.0")
				publish(t, proxy, "example.com/fixok", "v1.0.0")
				publish(t, proxy, "example.com/fixok", "v1.0.1")
				tidyApp(t, dir, env, []string{"example.com/fixbad", "example.com/fixok"}, "example.com/fixbad v1.0.0", "example.com/fixok v1.0.0")
				r.env = append(r.env, env...)
				db := osvDB(t,
					fixture.Record{ID: "GO-9999-0101", Summary: "bad", Module: "example.com/fixbad", Fixed: "1.0.1", Package: "example.com/fixbad"},
					fixture.Record{ID: "GO-9999-0102", Summary: "ok", Module: "example.com/fixok", Fixed: "1.0.1", Package: "example.com/fixok"})
				return []string{"fixlint", "-osv", db, "-fix", "./..."}
			},
			code:   exitError,
			stderr: `go get example\.com/fixbad@v1\.0\.1 failed: .*example\.com/fixbad@v1\.0\.1.*`,
			check: func(t *testing.T, dir string, res runResult) {
				gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
				if !strings.Contains(string(gomod), "example.com/fixok v1.0.1") || !strings.Contains(string(gomod), "example.com/fixbad v1.0.0") {
					t.Errorf("go.mod after -fix:\n%s", gomod)
				}
			},
		},
		hostileCase{
			name:  "fix-upgrade-brings-affected",
			entry: "fixlint -fix ./...",
			input: "the fixed version of example.com/fixa requires example.com/fixc v1.0.0, which another record affects",
			want:  "the upgrade is applied, the re-check names example.com/fixc v1.0.0 as brought in; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				proxy, env := proxyEnv(t)
				publish(t, proxy, "example.com/fixc", "v1.0.0")
				publish(t, proxy, "example.com/fixa", "v1.0.0")
				publish(t, proxy, "example.com/fixa", "v1.0.1", "example.com/fixc v1.0.0")
				tidyApp(t, dir, env, []string{"example.com/fixa"}, "example.com/fixa v1.0.0")
				r.env = append(r.env, env...)
				db := osvDB(t,
					fixture.Record{ID: "GO-9999-0103", Summary: "a", Module: "example.com/fixa", Fixed: "1.0.1", Package: "example.com/fixa"},
					fixture.Record{ID: "GO-9999-0104", Summary: "c", Module: "example.com/fixc", Fixed: "1.0.1", Package: "example.com/fixc"})
				return []string{"fixlint", "-osv", db, "-scan", "package", "-fix", "./..."}
			},
			code:   exitError,
			stderr: `the upgrades brought in affected versions.*go\.mod:\d+:\d+: example\.com/fixc v1\.0\.0 is affected by GO-9999-0104`,
			check: func(t *testing.T, dir string, res runResult) {
				gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
				if !strings.Contains(string(gomod), "example.com/fixa v1.0.1") {
					t.Errorf("go.mod after -fix:\n%s", gomod)
				}
			},
		},
	)
}
