package buildlist

import (
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/gocmd"
)

// Fallback is the build list as the go.mod files say, for when the go
// command cannot load it (a replaced directory missing, a version the proxy
// refuses, a go line newer than the toolchain, an exclude of the required
// version): each main module's requirements, at the version go.mod
// requires, marked FromGoMod. cause is why the go command failed; it goes
// in Partial. The go.mod files are those of the workspace's modules, or
// else the go.mod of env.Dir. Fallback returns nil when there is no go.mod
// to read, and the errors of those that cannot be read or parsed.
func Fallback(env *gocmd.Env, cause error) (*List, []error) {
	var files []string
	if env.GoWork != "" {
		dirs, err := env.WorkspaceDirs()
		if err != nil {
			return nil, []error{err}
		}
		for _, d := range dirs {
			files = append(files, filepath.Join(d, "go.mod"))
		}
	} else if env.GoMod != "" {
		files = []string{env.GoMod}
	}
	l := &List{ByPath: make(map[string]*Module), Source: "go.mod", Partial: cause.Error(), Fallback: true,
		GoVersion: env.GOVERSION, GOOS: env.GOOS, GOARCH: env.GOARCH}
	var errs []error
	var parsed []*modfile.File
	for _, file := range files {
		f, err := parseGoMod(file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parsed = append(parsed, f)
	}
	l.addGoMods(parsed, true)
	if len(l.Main) == 0 {
		return nil, errs
	}
	return l, errs
}

func parseGoMod(file string) (*modfile.File, error) {
	data, err := gocmd.ReadGoFile(file)
	if err != nil {
		return nil, err
	}
	return modfile.Parse(file, data, nil)
}

// addGoMods adds the modules of go.mod files as main modules (those the
// list lacks), then their requirements that the list lacks, with their
// replacements (marked FromGoMod if mark is set: the go command could not
// say what the build selects); a module that two go.mod files require
// gets the higher version, as minimal version selection would give it at
// least. Main modules come first: in a workspace one module requires
// another, which is still a main module, not a dependency.
func (l *List) addGoMods(files []*modfile.File, mark bool) {
	for _, f := range files {
		if f.Module == nil || l.ByPath[f.Module.Mod.Path] != nil {
			continue
		}
		file := f.Syntax.Name
		m := &Module{Path: f.Module.Mod.Path, Main: true, Dir: filepath.Dir(file), GoMod: file}
		l.Main = append(l.Main, m)
		l.ByPath[m.Path] = m
	}
	for _, f := range files {
		for _, r := range f.Require {
			m := l.ByPath[r.Mod.Path]
			switch {
			case m == nil:
				m = &Module{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect, FromGoMod: mark}
				l.ByPath[m.Path] = m
			case m.FromGoMod == mark && !m.Main && semver.Compare(r.Mod.Version, m.Version) > 0:
				m.Version = r.Mod.Version
			default:
				continue
			}
			for _, rep := range f.Replace {
				if rep.Old.Path == m.Path && (rep.Old.Version == "" || rep.Old.Version == m.Version) {
					m.Replace = &Module{Path: rep.New.Path, Version: rep.New.Version}
				}
			}
		}
	}
}
