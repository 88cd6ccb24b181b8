// Package buildlist finds the module versions a build selects: the go
// command's answer (go list -m all, which honours go.work, replace and
// exclude), or vendor/modules.txt where the go command cannot compute the
// whole graph without the network.
package buildlist

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/gocmd"
)

// Module is one module of the build list.
type Module struct {
	Path     string
	Version  string
	Main     bool
	Indirect bool
	Dir      string
	GoMod    string
	Replace  *Module
	// FromGoMod is set for a version that a go.mod requires, taken when
	// the go command could not load the build list: the build may select
	// a higher one.
	FromGoMod bool `json:"-"`
}

// Selected returns the version whose code the build uses, and why it is
// unknown when it cannot be compared (a directory replace, a fork).
func (m *Module) Selected() (version, unknown string) {
	if m.Replace == nil {
		return m.Version, ""
	}
	switch {
	case m.Replace.Version == "":
		return "", "replaced by directory " + m.Replace.Path
	case m.Replace.Path != m.Path:
		return "", "replaced by " + m.Replace.Path + "@" + m.Replace.Version
	}
	return m.Replace.Version, ""
}

// List is the result of Load.
type List struct {
	Main   []*Module          // the main modules (several in a workspace, in go list -m all's order)
	ByPath map[string]*Module // every module of the build, main ones included
	Source string             // "go list -m all" or "vendor/modules.txt"
	// GoVersion is the Go toolchain that builds the module ("go1.26.8"),
	// as go env GOVERSION says in its directory (go.mod's toolchain line
	// and GOTOOLCHAIN decide it): the standard library's version.
	GoVersion string
	// GOOS and GOARCH are the platform the go command builds for.
	GOOS, GOARCH string
	Partial      string // non-empty when the list is known to be incomplete, and why
	// Fallback is set when the go command could not load the build list
	// and the list holds what the go.mod files require (Partial says why).
	Fallback bool
}

// Load asks the go command in dir for the build list; see LoadEnv.
func Load(ctx context.Context, dir string) (*List, error) {
	env, err := gocmd.Prepare(ctx, dir)
	if err != nil {
		return nil, err
	}
	return LoadEnv(ctx, env)
}

// LoadEnv asks the go command for the build list of env.Dir: go list -m
// all, whose output starts with the main modules, and a second go list -m
// only when "all" cannot be computed. The go command runs with env, so it
// never writes go.mod or go.sum. When the main modules are known but not
// the rest, and no vendor directory records it, the list holds what their
// go.mod files require (Fallback and Partial say so).
func LoadEnv(ctx context.Context, env *gocmd.Env) (*List, error) {
	all, err := goList(ctx, env, "-m", "-json", "all")
	l := &List{ByPath: make(map[string]*Module), GoVersion: env.GOVERSION, GOOS: env.GOOS, GOARCH: env.GOARCH}
	if err == nil {
		for _, m := range all {
			if m.Main {
				l.Main = append(l.Main, m)
			}
			l.ByPath[m.Path] = m
		}
		if len(l.Main) > 0 {
			l.Source = "go list -m all"
			return l, nil
		}
	}
	mains, merr := goList(ctx, env, "-m", "-json")
	if merr != nil {
		return nil, merr
	}
	l.Main = mains
	l.ByPath = make(map[string]*Module)
	for _, m := range mains {
		l.ByPath[m.Path] = m
	}
	if err == nil {
		err = errors.New("go list -m all listed no main module")
	}
	// In vendor mode the go command will not compute "all"; the vendor
	// directory records the selected versions itself.
	for _, m := range mains {
		vendored := filepath.Join(m.Dir, "vendor", "modules.txt")
		data, rerr := fileio.ReadRegular(vendored, maxModulesTxt)
		if rerr != nil {
			continue
		}
		mods, perr := ParseModulesTxt(vendored, data)
		if perr != nil {
			return nil, perr
		}
		l.Source = "vendor/modules.txt"
		for _, vm := range mods {
			l.ByPath[vm.Path] = vm
		}
	}
	if l.Source == "" {
		l.Partial = err.Error()
		l.Fallback = true
		var parsed []*modfile.File
		for _, m := range mains {
			if f, err := parseGoMod(m.GoMod); err == nil && m.GoMod != "" {
				parsed = append(parsed, f) // a go.mod that does not parse is modcheck's to report
			}
		}
		l.addGoMods(parsed, true)
	}
	return l, nil
}

// maxModulesTxt bounds vendor/modules.txt: kubernetes' is under 100 KiB.
const maxModulesTxt = 64 << 20

func goList(ctx context.Context, env *gocmd.Env, args ...string) ([]*Module, error) {
	out, err := env.Run(ctx, env.Dir, append([]string{"list"}, args...)...)
	if err != nil {
		return nil, err
	}
	mods, err := Decode(out)
	if err != nil {
		return nil, fmt.Errorf("go %s: %v", strings.Join(args, " "), err)
	}
	return mods, nil
}

// Decode reads the output of go list -m -json: one module after another.
func Decode(out []byte) ([]*Module, error) {
	var mods []*Module
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m Module
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		mods = append(mods, &m)
	}
	return mods, nil
}

// ParseModulesTxt reads the module lines of a vendor/modules.txt:
//
//	# example.com/m v1.2.3
//	# example.com/m v1.2.3 => example.com/fork v1.2.4
//	# example.com/m v1.2.3 => ../m
//	# example.com/m => ../m            (replace without a version)
//
// The format is the go command's own (cmd/go/internal/modload/vendor.go);
// x/mod has no parser for it.
func ParseModulesTxt(file string, data []byte) ([]*Module, error) {
	var mods []*Module
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if !strings.HasPrefix(line, "# ") {
			continue
		}
		fields := strings.Fields(line[2:])
		m := &Module{}
		switch {
		case len(fields) == 2 && fields[1] != "=>":
			m.Path, m.Version = fields[0], fields[1]
		case len(fields) >= 3 && fields[1] == "=>":
			m.Path = fields[0]
			m.Replace = replacement(fields[2:])
		case len(fields) >= 4 && fields[2] == "=>":
			m.Path, m.Version = fields[0], fields[1]
			m.Replace = replacement(fields[3:])
		default:
			return nil, &LineError{File: file, Line: n, Msg: fmt.Sprintf("malformed module line %q", line)}
		}
		if m.Replace == nil && len(fields) > 2 {
			return nil, &LineError{File: file, Line: n, Msg: fmt.Sprintf("malformed module line %q", line)}
		}
		mods = append(mods, m)
	}
	return mods, sc.Err()
}

func replacement(f []string) *Module {
	r := &Module{Path: f[0]}
	if len(f) > 1 {
		r.Version = f[1]
	}
	return r
}

// LineError is a problem at a line of a file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ErrNoModule is returned when dir is not inside a module.
var ErrNoModule = errors.New("not in a module")

// FromGoMod makes a build list from what one go.mod says, without the go
// command: each required version with the file's replace directives
// applied. It is not what MVS selects (a dependency may require a higher
// version), so it serves offline checks of go.mod files alone, such as the
// corpus test, and says so in Partial.
func FromGoMod(file string, f *modfile.File) *List {
	l := &List{ByPath: make(map[string]*Module), Source: file, Partial: "versions as " + file + " requires them; the build may select higher ones"}
	if f.Module == nil {
		// A go.mod without a module line still lists requirements.
		main := &Module{Main: true, GoMod: file}
		l.Main = []*Module{main}
		l.ByPath[""] = main
	}
	l.addGoMods([]*modfile.File{f}, false)
	return l
}
