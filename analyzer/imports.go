package analyzer

import (
	"go/ast"
	"sort"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// imports reports, once per package and module, at the first import of a
// package of an affected module: every card with a fixed release whose
// ranges hold the version in use.
func (r *reporter) imports(modules map[string]*moduleFact) {
	first := make(map[string]*ast.ImportSpec)
	var order []string
	for _, f := range r.sortedFiles() {
		for _, spec := range f.Imports {
			pn := r.pass.TypesInfo.PkgNameOf(spec)
			if pn == nil {
				continue
			}
			var mod moduleFact
			if !r.pass.ImportPackageFact(pn.Imported(), &mod) || modules[mod.Path] == nil {
				continue
			}
			if first[mod.Path] == nil {
				first[mod.Path] = spec
				order = append(order, mod.Path)
			}
		}
	}
	for _, path := range order {
		mod, spec := modules[path], first[path]
		cards := r.l.catalog.ForModule(path)
		var unknown []*rules.Card
		for _, card := range cards {
			if !card.HasFix() {
				continue // pitfalls are reported where a trigger fires
			}
			if mod.Unknown != "" || !versions.Known(mod.Version) {
				unknown = append(unknown, card)
				continue
			}
			if versions.Check(card.Affected, mod.Version) != versions.Affected {
				continue
			}
			u := rules.PlanUpgrade(card, cards, mod.Version)
			r.add(finding{pos: spec.Path.Pos(), end: spec.Path.End(), card: card, message: moduleMessage(card, mod, u)})
		}
		if len(unknown) > 0 {
			m := *mod
			if m.Unknown == "" {
				m.Unknown = "at version " + m.Version
			}
			r.add(finding{pos: spec.Path.Pos(), end: spec.Path.End(), category: "unknown-version", message: unknownMessage(&m, unknown)})
		}
	}
}

// sortedFiles returns the package's files by name, hand-written files
// before generated ones, so that an import finding lands where people read.
func (r *reporter) sortedFiles() []*ast.File {
	files := append([]*ast.File(nil), r.pass.Files...)
	name := func(f *ast.File) string { return r.pass.Fset.File(f.Pos()).Name() }
	sort.SliceStable(files, func(i, j int) bool {
		gi, gj := ast.IsGenerated(files[i]), ast.IsGenerated(files[j])
		if gi != gj {
			return !gi
		}
		return name(files[i]) < name(files[j])
	})
	return files
}
