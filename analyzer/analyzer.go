// Package analyzer is fixlint's go/analysis analyzer: it reports imports of
// modules below the release that fixes a known problem, and call sites that
// trigger a known problem in the version the build selects. See doc.go.
package analyzer

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/fixlint/fixlint/rules"
)

//go:embed doc.go
var doc string

// Analyzer is fixlint with the embedded catalog, configured by its flags.
var Analyzer = New(Config{})

// New returns a fixlint analyzer using cfg. Flags of the returned analyzer
// change its configuration until the first package is analyzed.
func New(cfg Config) *analysis.Analyzer {
	c := &catalogOnce{cfg: &cfg}
	a := &analysis.Analyzer{
		Name:             "fixlint",
		Doc:              extractDoc(doc, "fixlint"),
		URL:              "https://github.com/fixlint/fixlint/blob/main/docs/cards.md",
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:        []analysis.Fact{new(moduleFact)},
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return run(pass, c.get()) },
	}
	cfg.BindFlags(&a.Flags)
	return a
}

func run(pass *analysis.Pass, l *loaded) (any, error) {
	if f := moduleOf(pass); f != nil {
		pass.ExportPackageFact(f)
	}
	r := &reporter{pass: pass, l: l}
	r.cardErrors()
	if len(l.catalog.Cards()) == 0 || len(pass.Files) == 0 {
		return nil, nil
	}
	modules := importedModules(pass, l.catalog)
	if len(modules) == 0 {
		// No package of a module that any card is about is imported,
		// directly or not: nothing to report.
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r.imports(modules)
	r.triggers(ins, modules)
	r.flush()
	return nil, nil
}

// cardErrors reports problems in user card files at the package clause of
// the package's first file: every driver shows such a diagnostic, and the
// valid cards are still in use.
func (r *reporter) cardErrors() {
	if len(r.l.errs) == 0 || len(r.pass.Files) == 0 {
		return
	}
	files := append([]*ast.File(nil), r.pass.Files...)
	sort.Slice(files, func(i, j int) bool {
		return r.pass.Fset.File(files[i].Pos()).Name() < r.pass.Fset.File(files[j].Pos()).Name()
	})
	for _, e := range r.l.errs {
		r.pass.Report(analysis.Diagnostic{
			Pos:      files[0].Package,
			End:      files[0].Name.End(),
			Category: "card-error",
			Message:  "fixlint: bad card file, the other cards are in use: " + e.Error(),
		})
	}
}

// importedModules returns, for every package the pass imports directly or
// indirectly whose module some card is about, the module fact.
func importedModules(pass *analysis.Pass, cat *rules.Catalog) map[string]*moduleFact {
	found := make(map[string]*moduleFact)
	seen := make(map[string]bool)
	var visit func(pkgs []*types.Package)
	visit = func(pkgs []*types.Package) {
		for _, p := range pkgs {
			if seen[p.Path()] {
				continue
			}
			seen[p.Path()] = true
			var f moduleFact
			if pass.ImportPackageFact(p, &f) && cat.HasModule(f.Path) {
				if _, ok := found[f.Path]; !ok {
					found[f.Path] = &f
				}
			}
			visit(p.Imports())
		}
	}
	visit(pass.Pkg.Imports())
	return found
}

func posLine(fset *token.FileSet, pos token.Pos) (string, int) {
	p := fset.Position(pos)
	return p.Filename, p.Line
}
