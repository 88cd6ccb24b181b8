package analyzer

import (
	"go/ast"
	"go/build"
	"go/types"
	"sort"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// imports reports, once per package and module, at the first import of a
// package of an affected module: every card with a fixed release whose
// ranges hold the version in use.
func (r *reporter) imports(modules map[string]*moduleFact) {
	// The first import of each package, by module, in reading order.
	type imp struct {
		pkg  string
		spec *ast.ImportSpec
	}
	byModule := make(map[string][]imp)
	var order []string
	r.eachImport(func(spec *ast.ImportSpec, pkg *types.Package, mod moduleFact) {
		if modules[mod.Path] == nil {
			return
		}
		if byModule[mod.Path] == nil {
			order = append(order, mod.Path)
		}
		byModule[mod.Path] = append(byModule[mod.Path], imp{pkg.Path(), spec})
	})
	for _, path := range order {
		mod, imps := modules[path], byModule[path]
		cards := r.l.catalog.ForModule(path)
		var unknown []*rules.Card
		for _, card := range cards {
			if !card.ModuleLevel() {
				continue // pitfalls and deprecations are reported where a trigger fires
			}
			// At the first import of a package the card is about.
			var spec *ast.ImportSpec
			for _, im := range imps {
				if card.CoversPackageOn(im.pkg, r.target.GOOS, r.target.GOARCH) {
					spec = im.spec
					break
				}
			}
			if spec == nil {
				continue
			}
			if mod.Unknown != "" || !versions.Known(mod.Version) {
				unknown = append(unknown, card)
				continue
			}
			if versions.Check(card.Affected, mod.Version) != versions.Affected {
				continue
			}
			u := rules.PlanUpgrade(card, cards, mod.Version)
			r.add(finding{pos: spec.Path.Pos(), end: spec.Path.End(), card: card, message: moduleMessage(card, mod, u),
				at: &place{report.PackageLevel, mod.Path, mod.Version, u.Recommended}})
		}
		if len(unknown) > 0 {
			m := *mod
			if m.Unknown == "" {
				m.Unknown = "at version " + m.Version
			}
			spec := imps[0].spec
			r.add(finding{pos: spec.Path.Pos(), end: spec.Path.End(), category: "unknown-version", message: unknownMessage(&m, unknown)})
		}
	}
}

// eachImport calls fn for each import of the package's files, in reading
// order (sortedFiles), whose module is known, with the imported package
// and its module.
func (r *reporter) eachImport(fn func(spec *ast.ImportSpec, pkg *types.Package, mod moduleFact)) {
	for _, f := range r.sortedFiles() {
		for _, spec := range f.Imports {
			pn := r.pass.TypesInfo.PkgNameOf(spec)
			if pn == nil {
				continue
			}
			if mod, ok := r.moduleOf(pn.Imported()); ok {
				fn(spec, pn.Imported(), mod)
			}
		}
	}
}

// platform is a build's GOOS and GOARCH.
type platform struct{ GOOS, GOARCH string }

// envPlatform is the platform of the build under go vet: the go command
// gives the vet tool GOOS and GOARCH in the environment (its go env -w
// settings included), which go/build reads.
var envPlatform = platform{build.Default.GOOS, build.Default.GOARCH}

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
