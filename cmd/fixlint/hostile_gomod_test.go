package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows about go.mod, go.work and vendor/ as a project has them: untidy,
// broken, or not what the toolchain in use can load. fixlint must not
// write go.mod or go.sum (unless -fix), must not hang, and must still
// report what go.mod says when the go command cannot give the build list.

// demoGoMod rewrites the demo's go.mod with edit.
func demoGoMod(t *testing.T, dir string, edit func(string) string) {
	t.Helper()
	demoInto(t, dir)
	p := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, edit(string(data)))
}

// untidyApp is a module whose main.go imports example.com/dep, which
// go.mod does not require and go.sum does not list; the proxy has it, so
// the go command with -mod=mod would add it to both.
func untidyApp(t *testing.T, dir string, r *hostileRun) {
	t.Helper()
	proxy, env := proxyEnv(t)
	publish(t, proxy, "example.com/dep", "v1.0.0")
	r.env = append(r.env, env...)
	writeFile(t, filepath.Join(dir, "go.mod"), untidyGoMod)
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport \"example.com/dep\"\n\nfunc main() { dep.F() }\n")
}

const untidyGoMod = "module example.com/app\n\ngo 1.22\n"

// untouchedGoModSum checks that go.mod is as untidyApp wrote it and that
// no go.sum appeared.
func untouchedGoModSum(t *testing.T, dir string, _ runResult) {
	sameFile(t, filepath.Join(dir, "go.mod"), []byte(untidyGoMod))
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
		t.Errorf("go.sum was written")
	}
}

// unresolved is what a finding says when its version is go.mod's.
const unresolved = `\(as go\.mod requires it: the build list could not be loaded\)`

func init() {
	addHostile(
		hostileCase{
			name:  "gomod-goflags-mod-untidy",
			entry: "fixlint ./...",
			input: "GOFLAGS=-mod=mod in the environment; go.mod lacks a requirement main.go imports, no go.sum",
			want:  "go.mod byte for byte the same, no go.sum written; the missing requirement is an error; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				untidyApp(t, dir, r)
				r.env = append(r.env, "GOFLAGS=-mod=mod")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `example\.com/dep`,
			check:  untouchedGoModSum,
		},
		hostileCase{
			name:  "gomod-goenv-mod-mod",
			entry: "fixlint ./...",
			input: "GOFLAGS=-mod=mod set with go env -w (the go env file), GOFLAGS unset; go.mod lacks a requirement main.go imports",
			want:  "go.mod byte for byte the same, no go.sum written; the missing requirement is an error; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				untidyApp(t, dir, r)
				goenv := filepath.Join(t.TempDir(), "env")
				writeFile(t, goenv, "GOFLAGS=-mod=mod\n")
				r.env = append(r.env, "GOENV="+goenv)
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `example\.com/dep`,
			check:  untouchedGoModSum,
		},
		hostileCase{
			name:  "gomod-syntax-error",
			entry: "fixlint ./...",
			input: "a go.mod whose require block is never closed",
			want:  "an error naming go.mod and its line; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoGoMod(t, dir, func(s string) string { return strings.Replace(s, "\n)\n", "\n", 1) })
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `go\.mod:\d+`,
		},
		hostileCase{
			name:  "gomod-exclude-required",
			entry: "fixlint ./...",
			input: "the demo's go.mod excludes the resty version it requires (v2.16.3)",
			want:  "the go command's error, and resty's FIX-0002 at go.mod's version, marked as such; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoGoMod(t, dir, func(s string) string { return s + "\nexclude github.com/go-resty/resty/v2 v2.16.3\n" })
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved + ` is affected by FIX-0002`,
			stderr: `could not load the build list.*excluded version`,
		},
		hostileCase{
			name:  "gomod-replace-missing-dir",
			entry: "fixlint ./...",
			input: "a require of resty v2.16.3 (in a proxy) beside a replace of another module by a directory that does not exist",
			want:  "the go command's error naming the directory, and resty's FIX-0002 at go.mod's version; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				proxy, env := proxyEnv(t)
				publish(t, proxy, "github.com/go-resty/resty/v2", "v2.16.3")
				publish(t, proxy, "example.com/other", "v1.0.0")
				tidyApp(t, dir, env, []string{"github.com/go-resty/resty/v2", "example.com/other"})
				r.env = append(r.env, env...)
				p := filepath.Join(dir, "go.mod")
				data, _ := os.ReadFile(p)
				writeFile(t, p, string(data)+"\nreplace example.com/other => ./missing\n")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:\d+:\d+: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved + ` is affected by FIX-0002`,
			stderr: `could not load the build list.*missing`,
		},
		hostileCase{
			name:  "gomod-proxy-refuses",
			entry: "fixlint ./...",
			input: "go.mod requires resty v2.16.3 (in the proxy) and example.com/gone v1.0.0, which the proxy does not have",
			want:  "the go command's error naming example.com/gone, and resty's FIX-0002 at go.mod's version; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				proxy, env := proxyEnv(t)
				publish(t, proxy, "github.com/go-resty/resty/v2", "v2.16.3")
				tidyApp(t, dir, env, []string{"github.com/go-resty/resty/v2"})
				r.env = append(r.env, env...)
				p := filepath.Join(dir, "go.mod")
				data, _ := os.ReadFile(p)
				writeFile(t, p, string(data)+"\nrequire example.com/gone v1.0.0\n")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:\d+:\d+: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved + ` is affected by FIX-0002`,
			stderr: `could not load the build list.*example\.com/gone@v1\.0\.0`,
		},
		hostileCase{
			name:  "gomod-go-line-newer",
			entry: "fixlint ./...",
			input: "the demo with go 1.99 in go.mod and GOTOOLCHAIN=local",
			want:  "the go command's error (go.mod requires go >= 1.99), and the go.mod findings at go.mod's versions; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoGoMod(t, dir, func(s string) string { return strings.Replace(s, "go 1.22", "go 1.99", 1) })
				r.env = append(r.env, "GOTOOLCHAIN=local")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:9:2: github\.com/getkin/kin-openapi v0\.143\.0 ` + unresolved + `.*go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved,
			stderr: `requires go >= 1\.99`,
		},
		hostileCase{
			name:  "gomod-gowork-missing-module",
			entry: "fixlint ./...",
			input: "a go.work that uses the demo and a directory that does not exist",
			want:  "the go command's error naming the directory, and the demo's go.mod findings at go.mod's versions; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, filepath.Join(dir, "demo"))
				writeFile(t, filepath.Join(dir, "go.work"), "go 1.22\n\nuse (\n\t./demo\n\t./missing\n)\n")
				r.env = append(r.env, "GOWORK=")
				return []string{"fixlint", "-C", "demo", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved,
			stderr: `missing`,
		},
		hostileCase{
			name:  "gomod-vendor-inconsistent",
			entry: "fixlint ./...",
			input: "the demo's vendor/modules.txt records resty v2.16.5 while go.mod requires v2.16.3",
			want:  "the go command's inconsistent vendoring error, and go.mod's v2.16.3 reported as such; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				p := filepath.Join(dir, "vendor", "modules.txt")
				data, _ := os.ReadFile(p)
				writeFile(t, p, strings.Replace(string(data), "v2.16.3", "v2.16.5", 1))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved,
			stderr: `inconsistent vendoring`,
		},
		hostileCase{
			name:  "gomod-fifo",
			entry: "fixlint ./...",
			input: "go.mod is a FIFO that no one writes (GOTOOLCHAIN=auto: even go env would read it)",
			want:  "no hang: an error naming go.mod as not a regular file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				fifoAt(t, filepath.Join(dir, "go.mod"))
				writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
				r.env = append(r.env, "GOTOOLCHAIN=auto")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `go\.mod: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "upgrade-gomod-fifo",
			entry: "fixlint upgrade M@V",
			input: "fixlint upgrade with a go.mod that is a FIFO no one writes",
			want:  "no hang: an error naming go.mod as not a regular file, no plan; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				fifoAt(t, filepath.Join(dir, "go.mod"))
				writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
				r.env = append(r.env, "GOTOOLCHAIN=auto")
				return []string{"fixlint", "upgrade", "example.com/dep@v1.1.0"}
			},
			code:   exitError,
			stderr: `go\.mod: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "gomod-modules-txt-fifo",
			entry: "fixlint ./...",
			input: "the demo with vendor/modules.txt a FIFO that no one writes",
			want:  "no hang: an error naming vendor/modules.txt as not a regular file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				p := filepath.Join(dir, "vendor", "modules.txt")
				os.Remove(p)
				fifoAt(t, p)
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `modules\.txt: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "gomod-go-sum-fifo",
			entry: "fixlint ./...",
			input: "the demo without vendor/, with go.sum a FIFO that no one writes (the go command read it and hung)",
			want:  "no hang: an error naming go.sum as not a regular file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				os.RemoveAll(filepath.Join(dir, "vendor"))
				fifoAt(t, filepath.Join(dir, "go.sum"))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `go\.sum: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "gomod-replaced-dir-fifo",
			entry: "fixlint ./...",
			input: "a directory replacement whose go.mod is a FIFO that no one writes (the go command read it and hung)",
			want:  "no hang: an error naming the replacement's go.mod as not a regular file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.22\n\nrequire example.com/other v1.0.0\n\nreplace example.com/other => ./other\n")
				writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
				os.MkdirAll(filepath.Join(dir, "other"), 0o777)
				fifoAt(t, filepath.Join(dir, "other", "go.mod"))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `other/go\.mod: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "gomod-5000-requires",
			entry: "fixlint ./...",
			input: "the demo's go.mod with 5,000 more require lines, modules no proxy has (GOPROXY=off, no vendor/)",
			want:  "in time: the go command's error and the demo's findings at go.mod's versions; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoGoMod(t, dir, func(s string) string {
					var b strings.Builder
					b.WriteString(s + "\nrequire (\n")
					for i := range 5000 {
						fmt.Fprintf(&b, "\texample.com/m%04d v1.0.%d\n", i, i)
					}
					b.WriteString(")\n")
					return b.String()
				})
				os.RemoveAll(filepath.Join(dir, "vendor"))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved,
		},
		hostileCase{
			name:  "gomod-odd-module-path",
			entry: "fixlint ./...",
			input: "the demo (without vendor/) whose go.mod also requires example.com/Upper~Tilde and the quoted path \"example.com/a\\\"b\"",
			want:  "the go command's malformed-path error, and the demo's findings at go.mod's versions; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoGoMod(t, dir, func(s string) string {
					return s + "\nrequire example.com/Upper~Tilde v1.0.0\n\nrequire \"example.com/a\\\"b\" v1.0.0\n"
				})
				os.RemoveAll(filepath.Join(dir, "vendor"))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `go\.mod:10:2: github\.com/go-resty/resty/v2 v2\.16\.3 ` + unresolved,
			stderr: `malformed module path`,
		},
	)
}
