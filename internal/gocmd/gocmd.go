// Package gocmd runs the go command for a check, which must only read:
// fixlint never changes go.mod or go.sum unless asked (-fix), whatever
// GOFLAGS says, and never hangs on a go.mod that is not a file.
//
// GOFLAGS=-mod=mod (in the environment or set with go env -w) lets go list
// add missing requirements to go.mod and go.sum. The check's commands run
// with -mod=readonly in its place, which reads the same build list (from
// the module cache, not vendor/) and reports an untidy go.mod instead of
// fixing it.
//
// The go command reads go.mod, go.work and vendor/modules.txt with a plain
// read, which blocks forever on a FIFO; with GOTOOLCHAIN=auto even go env
// reads go.mod first. Prepare checks them before any go command runs.
package gocmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/fileio"
)

// Env is the go command's environment for a check in one directory.
type Env struct {
	Dir     string
	Environ []string // the process environment, with -mod=readonly for a GOFLAGS -mod=mod
	// GoMod and GoWork are the go.mod and go.work the go command will use
	// in Dir ("" for none), found as it finds them.
	GoMod, GoWork string
	// GOVERSION, GOOS and GOARCH are what go env says in Dir ("" when it
	// failed): the toolchain that builds the module and its platform.
	GOVERSION, GOOS, GOARCH string
	// GOMODCACHE is the module cache, which holds the go.mod of every
	// module version the go command has fetched ("" when go env failed).
	GOMODCACHE string
}

// Prepare finds the go.mod and go.work of dir, checks that every file the
// go command reads without a guard is a regular file, and asks go env for
// GOFLAGS (the environment's, or else go env -w's), the toolchain and the
// platform. On an error the Env is still usable (GoMod and GoWork set as
// far as they were found, GOFLAGS cleaned from the environment alone), but
// a go command run in Dir may hang or fail.
func Prepare(ctx context.Context, dir string) (*Env, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	e := &Env{Dir: abs, Environ: withoutModMod(os.Environ(), os.Getenv("GOFLAGS"))}
	e.GoMod = findUp(abs, "go.mod")
	switch w := os.Getenv("GOWORK"); w {
	case "off":
	case "", "auto":
		e.GoWork = findUp(abs, "go.work")
	default:
		e.GoWork = w
	}
	if err := e.checkFiles(); err != nil {
		return e, err
	}
	// go env itself writes nothing; it runs in the user's environment, so
	// that GOFLAGS is what the user set (here or with go env -w).
	cmd := exec.CommandContext(ctx, "go", "env", "-json", "GOFLAGS", "GOVERSION", "GOOS", "GOARCH", "GOMODCACHE")
	cmd.Dir = abs
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return e, fmt.Errorf("go env: %s", message(err, &stderr))
	}
	var vals map[string]string
	if err := json.Unmarshal(out, &vals); err != nil {
		return e, fmt.Errorf("go env: %v", err)
	}
	e.Environ = withoutModMod(os.Environ(), vals["GOFLAGS"])
	e.GOVERSION, e.GOOS, e.GOARCH = vals["GOVERSION"], vals["GOOS"], vals["GOARCH"]
	e.GOMODCACHE = vals["GOMODCACHE"]
	return e, nil
}

// Command is the go command with args, to run in dir with the check's
// environment.
func (e *Env) Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = dir, e.Environ
	return cmd
}

// Run runs the go command and returns its standard output; an error holds
// the go command's own message.
func (e *Env) Run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := e.Command(ctx, dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %s", strings.Join(args, " "), message(err, &stderr))
	}
	return stdout.Bytes(), nil
}

func message(err error, stderr *bytes.Buffer) string {
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		return msg
	}
	return err.Error()
}

// withoutModMod returns environ with GOFLAGS set to goflags with -mod=mod
// replaced by -mod=readonly, when goflags has it; environ as it is
// otherwise. -mod=readonly, not the go command's default: a user who sets
// -mod=mod builds from the module cache, not from vendor/, and readonly
// reads what -mod=mod would, without writing go.mod or go.sum.
func withoutModMod(environ []string, goflags string) []string {
	var kept []string
	replaced := false
	for _, f := range strings.Fields(goflags) {
		if f == "-mod=mod" || f == "--mod=mod" {
			f, replaced = "-mod=readonly", true
		}
		kept = append(kept, f)
	}
	if !replaced {
		return environ
	}
	out := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "GOFLAGS=") {
			out = append(out, kv)
		}
	}
	return append(out, "GOFLAGS="+strings.Join(kept, " "))
}

// findUp returns the first dir/name, or in a parent of dir, that is not a
// directory (the go command takes any such file), or "".
func findUp(dir, name string) string {
	for {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// checkFiles refuses a go.mod, go.sum, go.work, go.work.sum,
// vendor/modules.txt, workspace module's go.mod or directory replacement's
// go.mod that is not a regular file: the go command would block on a
// FIFO. Files that cannot be read or parsed add nothing to check: the go
// command reports them.
func (e *Env) checkFiles() error {
	var paths, mods []string
	switch {
	case e.GoWork != "":
		dir := filepath.Dir(e.GoWork)
		paths = append(paths, e.GoWork, filepath.Join(dir, "go.work.sum"), filepath.Join(dir, "vendor", "modules.txt"))
		if wf, err := e.parseWork(); err == nil {
			for _, u := range wf.Use {
				mods = append(mods, filepath.Join(resolve(e.GoWork, u.Path), "go.mod"))
			}
			paths = append(paths, replacedGoMods(e.GoWork, wf.Replace)...)
		}
	case e.GoMod != "":
		paths = append(paths, filepath.Join(filepath.Dir(e.GoMod), "vendor", "modules.txt"))
		mods = append(mods, e.GoMod)
	}
	for _, gomod := range mods {
		paths = append(paths, gomod, filepath.Join(filepath.Dir(gomod), "go.sum"))
		if data, err := ReadGoFile(gomod); err == nil {
			if f, err := modfile.Parse(gomod, data, nil); err == nil {
				paths = append(paths, replacedGoMods(gomod, f.Replace)...)
			}
		}
	}
	for _, p := range paths {
		if _, err := fileio.StatRegular(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// replacedGoMods returns the go.mod files of the directories that the
// replace directives of file (a go.mod or go.work) name: the go command
// reads them as it loads the build list.
func replacedGoMods(file string, reps []*modfile.Replace) []string {
	var out []string
	for _, r := range reps {
		if r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
			out = append(out, filepath.Join(resolve(file, r.New.Path), "go.mod"))
		}
	}
	return out
}

// resolve returns the directory a path in file (a go.mod or go.work) names:
// relative paths are relative to the file's directory.
func resolve(file, p string) string {
	d := filepath.FromSlash(p)
	if !filepath.IsAbs(d) {
		d = filepath.Join(filepath.Dir(file), d)
	}
	return d
}

func (e *Env) parseWork() (*modfile.WorkFile, error) {
	data, err := ReadGoFile(e.GoWork)
	if err != nil {
		return nil, err
	}
	return modfile.ParseWork(e.GoWork, data, nil)
}

// WorkspaceDirs returns the module directories that go.work uses.
func (e *Env) WorkspaceDirs() ([]string, error) {
	wf, err := e.parseWork()
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, u := range wf.Use {
		dirs = append(dirs, resolve(e.GoWork, u.Path))
	}
	return dirs, nil
}

// maxGoFile bounds what fixlint reads of a go.mod or go.work itself: far
// above any real one (the largest in the corpus is a few hundred KiB).
const maxGoFile = 64 << 20

// ReadGoFile reads a go.mod or go.work: a regular file, of a sane size.
func ReadGoFile(path string) ([]byte, error) { return fileio.ReadRegular(path, maxGoFile) }
