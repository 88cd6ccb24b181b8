package analyzer

import (
	"fmt"
	"go/build"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/internal/versions"
)

// moduleFact records which module, at which version, provides a package.
// Every pass exports it for its own package, from pass.Module, so the
// packages that import it know the version the build selected. This is also
// what keeps go vet's cache honest: a dependency's fact changes when its
// version does, and go.mod's content is not part of vet's cache key.
type moduleFact struct {
	Path    string
	Version string
	// Unknown says why Version cannot be compared with a card's ranges
	// ("replaced by directory ../dep"); empty when it can.
	Unknown string
	// Main marks a package of a main module, which has no version.
	Main bool
	// Deps are the modules of the package's dependencies, direct or not,
	// main modules included. Under go vet an analyzer sees the facts of
	// its direct imports only, and a package reaches others through their
	// API (a method of a type that a dependency returns): such a package
	// is placed in the module with the longest path that prefixes its own.
	Deps []moduleFact
}

func (*moduleFact) AFact() {}

// isDependency reports whether f places a package in a module of the build
// at a version: not a main module, not outside any module.
func (f *moduleFact) isDependency() bool { return f.Path != "" && !f.Main }

// ref is f without its Deps.
func (f *moduleFact) ref() moduleFact {
	r := *f
	r.Deps = nil
	return r
}

// factOf is the fact a pass exports for its own package: its module (a
// main module too, so that importers can tell its packages apart), and
// the modules of its dependencies, gathered from its direct imports'
// facts. Standard library packages import only the standard library.
func factOf(pass *analysis.Pass, own *moduleFact) *moduleFact {
	f := &moduleFact{}
	switch {
	case own != nil:
		*f = *own
	case pass.Module != nil && pass.Module.Path != "":
		f.Path, f.Main = pass.Module.Path, true
	}
	if f.Path == stdlib {
		return f
	}
	seen := map[string]bool{f.Path: true}
	for _, imp := range pass.Pkg.Imports() {
		var d moduleFact
		if !pass.ImportPackageFact(imp, &d) {
			continue
		}
		for _, m := range append([]moduleFact{d.ref()}, d.Deps...) {
			if m.Path != "" && !seen[m.Path] {
				seen[m.Path] = true
				f.Deps = append(f.Deps, m)
			}
		}
	}
	sort.Slice(f.Deps, func(i, j int) bool { return f.Deps[i].Path < f.Deps[j].Path })
	return f
}

// factLookup finds the module of a package from facts: the package's own
// when it is a direct import, else the module with the longest path that
// prefixes the package's, among those its direct imports know of; a path
// that no module prefixes and whose first element has no dot is the
// standard library's. The one way this goes wrong: with nested modules
// example.com/x and example.com/x/y both in the build, a package
// example.com/x/y/z that module x provides is placed in x/y. Then a card
// of x does not fire there (a missed finding, never a false one).
type factLookup struct {
	pass  *analysis.Pass
	own   *moduleFact
	table map[string]moduleFact // built on first need
}

func (l *factLookup) moduleOf(p *types.Package) (moduleFact, bool) {
	var f moduleFact
	if l.pass.ImportPackageFact(p, &f) {
		return f.ref(), f.isDependency()
	}
	if l.table == nil {
		l.table = make(map[string]moduleFact)
		add := func(m moduleFact) {
			if _, ok := l.table[m.Path]; !ok && m.Path != "" {
				l.table[m.Path] = m.ref()
			}
		}
		add(*l.own)
		for _, d := range l.own.Deps {
			add(d)
		}
	}
	for q := p.Path(); ; q = path.Dir(q) {
		if m, ok := l.table[q]; ok {
			return m, m.isDependency()
		}
		if !strings.Contains(q, "/") {
			break
		}
	}
	// Outside any module (GOPATH), a path without a dot is not a sign of
	// the standard library.
	first, _, _ := strings.Cut(p.Path(), "/")
	if m, ok := l.table[stdlib]; ok && l.own.Path != "" && !strings.Contains(first, ".") {
		return m, true
	}
	return moduleFact{}, false
}

func (f *moduleFact) String() string {
	if f.Main {
		return "main module " + f.Path
	}
	if f.Unknown != "" {
		return fmt.Sprintf("module %s (version unknown: %s)", f.Path, f.Unknown)
	}
	return fmt.Sprintf("module %s %s", f.Path, f.Version)
}

// moduleOf works out the module and version that provide the package of
// pass. It returns nil for packages outside any module (the standard
// library, GOPATH mode) and for the main module, which has no version.
//
// pass.Module.Version is the version go.mod selects, even when a replace
// directive puts other code in its place. The files' location tells what
// code is really compiled: the module cache keeps each module at
// <escaped path>@<version>/, and the vendor directory at vendor/<package>/.
// Files anywhere else come from a directory replace, whose version nobody
// can know.
func moduleOf(pass *analysis.Pass) *moduleFact {
	var path, version string
	if pass.Module != nil {
		path, version = pass.Module.Path, pass.Module.Version
	}
	file := ""
	if len(pass.Files) > 0 {
		file = pass.Fset.File(pass.Files[0].Pos()).Name()
	}
	return locate(path, version, pass.Pkg.Path(), file)
}

// locate is moduleOf for a package of module path at version (both empty
// outside any module) whose first file is file ("" when unknown).
func locate(path, version, pkgPath, file string) *moduleFact {
	if path == "" && file != "" {
		// The standard library has no module; some drivers (the checker,
		// golangci-lint) pass an empty one rather than nil.
		return stdlibOf(pkgPath, file)
	}
	if path == "" || version == "" {
		return nil
	}
	f := &moduleFact{Path: path, Version: version}
	if file == "" {
		return f
	}
	name := filepath.ToSlash(file)
	place := placeOf(name, path, pkgPath)
	switch {
	case place.vendored:
	case place.version != "" && place.modPath == path:
		// A replace by another version of the same module puts that
		// version's files in place: they are what is compiled.
		f.Version = place.version
	case place.version != "":
		f.Unknown = fmt.Sprintf("replaced by %s@%s", place.modPath, place.version)
	default:
		f.Unknown = "replaced by directory " + filepath.Dir(filepath.FromSlash(name))
	}
	return f
}

type filePlace struct {
	vendored bool
	modPath  string // unescaped module path found in the module cache layout
	version  string
}

// placeOf classifies a file name by where a package's files live.
func placeOf(name, modPath, pkgPath string) filePlace {
	slashed := "/" + strings.TrimPrefix(name, "/")
	if strings.Contains(slashed, "/vendor/"+pkgPath+"/") {
		return filePlace{vendored: true}
	}
	// Find ".../<escaped module path>@<version>/...": the version is the
	// text after '@' up to the next slash, and the module path is the
	// longest suffix before '@' that unescapes to a valid module path.
	at := strings.LastIndex(slashed, "@")
	if at < 0 {
		return filePlace{}
	}
	rest := slashed[at+1:]
	slash := strings.Index(rest, "/")
	if slash < 0 {
		return filePlace{}
	}
	version := rest[:slash]
	if !semver.IsValid(version) {
		return filePlace{}
	}
	before := slashed[:at]
	if esc, err := module.EscapePath(modPath); err == nil && strings.HasSuffix(before, "/"+esc) {
		return filePlace{modPath: modPath, version: version}
	}
	// Another module: a fork put in place by replace. Name it by its path
	// below the module cache, or else by its last path elements.
	for _, cache := range moduleCaches() {
		if rest, ok := strings.CutPrefix(before, cache+"/"); ok {
			if p, err := module.UnescapePath(rest); err == nil {
				return filePlace{modPath: p, version: version}
			}
		}
	}
	parts := strings.Split(before, "/")
	if len(parts) > 3 {
		parts = parts[len(parts)-3:]
	}
	p, err := module.UnescapePath(strings.Join(parts, "/"))
	if err != nil {
		p = strings.Join(parts, "/")
	}
	return filePlace{modPath: p, version: version}
}

// moduleCaches lists where the module cache may be, without running the go
// command: $GOMODCACHE, or pkg/mod in each GOPATH entry (default ~/go).
func moduleCaches() []string {
	var dirs []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		dirs = append(dirs, filepath.ToSlash(c))
	}
	for _, p := range filepath.SplitList(build.Default.GOPATH) {
		dirs = append(dirs, filepath.ToSlash(filepath.Join(p, "pkg", "mod")))
	}
	return dirs
}

// stdlibOf recognizes a standard library package by its files, which live in
// $GOROOT/src/<package path>/, and gives it the version of the toolchain
// that compiles it, from $GOROOT/VERSION: the standard library's version is
// the toolchain's, not the go line of any go.mod. OSV names it "stdlib".
func stdlibOf(pkgPath, file string) *moduleFact {
	name := filepath.ToSlash(file)
	marker := "/src/" + pkgPath + "/"
	i := strings.LastIndex(name, marker)
	if i < 0 {
		return nil
	}
	v := goRootVersion(filepath.FromSlash(name[:i]))
	if v == "" {
		return nil
	}
	return &moduleFact{Path: "stdlib", Version: v}
}

var goRootVersions sync.Map // GOROOT -> semantic version, or ""

// goRootVersion reads the first line of GOROOT/VERSION ("go1.26.8") once per
// process and GOROOT.
func goRootVersion(root string) string {
	if v, ok := goRootVersions.Load(root); ok {
		return v.(string)
	}
	v := ""
	if data, err := os.ReadFile(filepath.Join(root, "VERSION")); err == nil {
		line, _, _ := strings.Cut(string(data), "\n")
		v = versions.FromGoVersion(strings.TrimSpace(line))
	}
	goRootVersions.Store(root, v)
	return v
}
