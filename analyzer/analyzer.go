// Package analyzer is fixlint's go/analysis analyzer: it reports imports of
// modules below the release that fixes a known problem, and call sites that
// trigger a known problem in the version the build selects. See doc.go.
package analyzer

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/internal/directive"
	"github.com/fixlint/fixlint/internal/published"
	"github.com/fixlint/fixlint/rules"
)

//go:embed doc.go
var doc string

// Analyzer is fixlint with the embedded catalog, configured by its flags.
var Analyzer = New(Config{})

// ModuleInfoAnalyzer is the module-information pass that every analyzer
// New returns requires (fact-based: go vet, golangci-lint, nogo): one fact
// per package, whichever of them run. Its result is a *ModuleInfo.
var ModuleInfoAnalyzer = newModuleInfo(nil)

// New returns a fixlint analyzer using cfg. Flags of the returned analyzer
// change its configuration until the first package is analyzed. It learns
// the module of every imported package from package facts, which each
// pass exports for its own package: the way of go vet and golangci-lint.
func New(cfg Config) *analysis.Analyzer { return newAnalyzer(cfg, nil) }

// NewWithModules returns a fixlint analyzer that learns the module of
// every imported package from mods instead of from facts, and so declares
// no facts: a driver then runs it on the root packages only, and may load
// their dependencies from export data rather than type-check them from
// source. The standalone command does, having loaded the import graph
// (and every package's module) itself.
func NewWithModules(cfg Config, mods *Modules) *analysis.Analyzer { return newAnalyzer(cfg, mods) }

func newAnalyzer(cfg Config, mods *Modules) *analysis.Analyzer {
	c := &catalogOnce{cfg: &cfg, mods: mods}
	info := ModuleInfoAnalyzer
	if mods != nil {
		info = newModuleInfo(mods)
	}
	a := &analysis.Analyzer{
		Name:             "fixlint",
		Doc:              extractDoc(doc, "fixlint"),
		URL:              "https://github.com/fixlint/fixlint/blob/main/docs/cards.md",
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{info},
		ResultType:       resultType,
		Run: func(pass *analysis.Pass) (any, error) {
			return safeRun(pass, func(pass *analysis.Pass) (any, error) {
				return run(pass, c, mods, pass.ResultOf[info].(*ModuleInfo))
			})
		},
	}
	if mods == nil {
		a.FactTypes = []analysis.Fact{new(reachFact)}
	}
	cfg.BindFlags(&a.Flags)
	return a
}

// Modules maps package paths to the module that provides them, for
// NewWithModules.
type Modules struct {
	byPkg map[string]*moduleFact

	target platform // set by SetPlatform

	// notices are what module authors publish, by module (SetNotices).
	notices map[string]*published.Notice

	// catalog is the driver's (UseCatalog), and the problems met loading
	// it; nil: the analyzer loads its Config's.
	catalog     *rules.Catalog
	catalogErrs rules.Errors

	mu      sync.Mutex
	srcErrs []error
	// reach is what dependencies' functions reach, by full name
	// (ComputeReach).
	reach map[string][]reach
}

// SetPlatform says which GOOS and GOARCH the packages were loaded for (the
// go command's, go env -w settings included), for records and triggers
// limited to some platforms. Without it, the analyzer uses the
// environment's, as under go vet.
func (m *Modules) SetPlatform(goos, goarch string) { m.target = platform{goos, goarch} }

// UseCatalog gives the analyzer the catalog the driver loaded from the
// same Config (Config.Catalog), with the problems met loading it: one
// catalog for the run, its OSV index opened once and each module's cards
// decoded once.
func (m *Modules) UseCatalog(cat *rules.Catalog, errs rules.Errors) {
	m.catalog, m.catalogErrs = cat, errs
}

// SetNotices gives the retractions and deprecations that module authors
// publish, by module path, to be reported at the imports. Only a driver
// can read them (from the module cache): under go vet the analyzer reads
// no file that vet's cache key does not cover.
func (m *Modules) SetNotices(n map[string]*published.Notice) { m.notices = n }

// SourceErrors returns the problems the analyzer met decoding cards (a
// corrupt OSV index), each once: the driver reports them as errors, since
// findings may be missing.
func (m *Modules) SourceErrors() []error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]error(nil), m.srcErrs...)
}

func (m *Modules) sourceError(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.srcErrs {
		if e.Error() == err.Error() {
			return
		}
	}
	m.srcErrs = append(m.srcErrs, err)
}

// Add records that package pkgPath, whose first source file is file (""
// if unknown), belongs to module modPath at modVersion; both are empty for
// the standard library. The file's place tells replaced code apart, as in
// the facts that go vet passes.
func (m *Modules) Add(pkgPath, modPath, modVersion, file string) {
	if m.byPkg == nil {
		m.byPkg = make(map[string]*moduleFact)
	}
	if f := locate(modPath, modVersion, pkgPath, file); f != nil {
		m.byPkg[pkgPath] = f
	}
}

// run is called for every package, dependencies included (under go vet
// and other fact-based drivers, they export the facts their importers
// need), so its common path must cost next to nothing: it returns as soon
// as it knows no finding is possible.
func run(pass *analysis.Pass, c *catalogOnce, mods *Modules, info *ModuleInfo) (any, error) {
	f, own, lookup := info.self, info.deps, info.of
	if f != nil && f.Path == stdlib {
		// The standard library's own code is the toolchain's, not the
		// user's: it is here as a dependency, for its fact.
		return noResult, nil
	}
	l := c.get()
	r := &reporter{pass: pass, l: l, moduleOf: lookup, mods: mods, target: envPlatform}
	if mods != nil && mods.target.GOOS != "" {
		r.target = mods.target
	}
	r.cardErrors()
	if (len(l.catalog.Cards()) == 0 && !l.hasSources()) || len(pass.Files) == 0 {
		return noResult, nil
	}
	modules := importedModules(pass.Pkg, lookup, l.catalog)
	if own != nil {
		// Export data names only the packages a dependency's API uses;
		// the fact names every module below the package, and a call into
		// a dependency can reach a vulnerable symbol in any of them.
		for _, d := range own.Deps {
			if _, ok := modules[d.Path]; !ok && d.isDependency() && l.catalog.HasModule(d.Path) && (d.Unknown != "" || l.catalog.MayAffect(d.Path, d.Version)) {
				d := d
				modules[d.Path] = &d
			}
		}
	}
	// A package of an affected module itself: its functions that call
	// the module's vulnerable symbols reach them, for its importers.
	self := mods == nil && f != nil && f.isDependency() && f.Unknown == "" && l.catalog.HasModule(f.Path) && l.catalog.MayAffect(f.Path, f.Version)
	if self {
		l.catalog.ForModule(f.Path) // decodes its cards, and so their symbols
	}
	if len(modules) == 0 && !self && !hasIgnoreDirectives(pass.Files) && (mods == nil || (len(mods.notices) == 0 && !mods.hasReach())) {
		// No package of a module is imported, directly or not, at a
		// version some card can apply to; and no ignore directive can be
		// stale.
		return noResult, nil
	}
	r.imports(modules)
	r.published()
	r.triggers(modules)
	if mods == nil {
		// Under go vet and other fact-based drivers: what this package's
		// functions reach, for its importers, and in the user's own
		// packages the calls that reach a vulnerable symbol elsewhere.
		r.reachability(f == nil || f.Main, r.factReach)
	} else if (f == nil || f.Main) && mods.hasReach() {
		r.reachability(true, mods.reachOf)
	}
	r.sourceErrors(modules)
	r.flush()
	return &r.result, nil
}

// stdlib is the module path that cards and OSV use for the standard library.
const stdlib = "stdlib"

// hasIgnoreDirectives reports whether some comment of files may be a
// //fixlint:ignore directive: every one, well formed or not, holds
// directive.Prefix.
func hasIgnoreDirectives(files []*ast.File) bool {
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.Contains(c.Text, directive.Prefix) {
					return true
				}
			}
		}
	}
	return false
}

// cardErrors reports problems in user card files (and OSV databases) at
// the package clause of the package's first file: every driver shows such
// a diagnostic, and the valid cards are still in use.
func (r *reporter) cardErrors() {
	for _, e := range r.l.errs {
		r.inputError("fixlint: bad card file, the other cards are in use: " + e.Error())
	}
}

// sourceErrors reports the problems met decoding the cards of the modules
// the package uses (a corrupt OSV index): their findings may be missing,
// and the user must hear of it. Only modules decoded for this package are
// asked about; when nothing went wrong, the cost is one look at the
// catalog. A driver that gave Modules is told too, to report them as
// errors.
func (r *reporter) sourceErrors(modules map[string]*moduleFact) {
	if len(modules) == 0 || len(r.l.catalog.SourceErrors()) == 0 {
		return
	}
	for _, m := range slices.Sorted(maps.Keys(modules)) {
		for _, e := range r.l.catalog.SourceErrorsOf(m) {
			r.inputError("fixlint: cards that could not be read, the others are in use: " + e.Error())
			if r.mods != nil {
				r.mods.sourceError(e)
			}
		}
	}
}

// inputError reports a problem with fixlint's input at the package clause
// of the package's first file, in the "card-error" category.
func (r *reporter) inputError(msg string) {
	if len(r.pass.Files) == 0 {
		return
	}
	first := r.pass.Files[0]
	for _, f := range r.pass.Files[1:] {
		if r.pass.Fset.File(f.Pos()).Name() < r.pass.Fset.File(first.Pos()).Name() {
			first = f
		}
	}
	r.note(analysis.Diagnostic{
		Pos:      first.Package,
		End:      first.Name.End(),
		Category: "card-error",
		Message:  msg,
	})
}

// importedModules returns, for every package the pass imports directly or
// indirectly whose module some card can apply to at the version in use (or
// at a version that cannot be compared), the module fact. Modules no card
// can apply to are left out without decoding their cards
// (Catalog.MayAffect): with the Go vulnerability database, that is nearly
// always the standard library at a current toolchain.
func importedModules(pkg *types.Package, moduleOf func(*types.Package) (moduleFact, bool), cat *rules.Catalog) map[string]*moduleFact {
	found := make(map[string]*moduleFact)
	seenPkg := make(map[string]bool)
	seenMod := make(map[string]bool)
	var visit func(pkgs []*types.Package)
	visit = func(pkgs []*types.Package) {
		for _, p := range pkgs {
			if seenPkg[p.Path()] {
				continue
			}
			seenPkg[p.Path()] = true
			if f, ok := moduleOf(p); ok && !seenMod[f.Path] {
				seenMod[f.Path] = true
				applies := cat.HasModule(f.Path)
				if applies && f.Unknown == "" {
					applies = cat.MayAffect(f.Path, f.Version)
				}
				if applies {
					found[f.Path] = &f
				}
			}
			visit(p.Imports())
		}
	}
	visit(pkg.Imports())
	return found
}

func posLine(fset *token.FileSet, pos token.Pos) (string, int) {
	p := fset.Position(pos)
	return p.Filename, p.Line
}
