package analyzer

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// finding is a diagnostic before suppression and filtering.
type finding struct {
	pos, end token.Pos
	card     *rules.Card // nil for findings about fixlint itself
	category string      // defaults to card.ID
	message  string
	fixes    []analysis.SuggestedFix
	// severity is that of a finding that comes from no card (a retracted
	// version), for the configuration's filters; "" for notes about
	// fixlint's input, which are always reported.
	severity rules.Severity
	// imported is set on a card's finding at an import: the module, its
	// version and the upgrade, for merging the findings at one import.
	imported *importedModule
}

// importedModule is what an import finding says of its module.
type importedModule struct {
	path, version, fixed string
}

func (f *finding) id() string {
	if f.category != "" {
		return f.category
	}
	return f.card.ID
}

// reporter collects a pass's findings, then applies //fixlint:ignore
// directives and the configuration, so that every finding is reported once.
type reporter struct {
	pass     *analysis.Pass
	l        *loaded
	findings []finding
	// moduleOf gives the module that provides a package: from facts, or
	// from the driver (NewWithModules).
	moduleOf func(*types.Package) (moduleFact, bool)
	mods     *Modules // with NewWithModules, told the card of each diagnostic
	target   platform // the build's GOOS and GOARCH
	// namedPkgs caches Catalog.NamesPackage by package.
	namedPkgs map[*types.Package]bool
}

func (r *reporter) add(f finding) { r.findings = append(r.findings, f) }

func (r *reporter) flush() {
	sort.SliceStable(r.findings, func(i, j int) bool { return r.findings[i].pos < r.findings[j].pos })
	ign := collectIgnores(r.pass)
	type key struct {
		pos token.Pos
		id  string
	}
	seen := make(map[key]bool)
	var kept []*finding
	for i := range r.findings {
		f := &r.findings[i]
		k := key{f.pos, f.id()}
		if seen[k] {
			continue // two triggers of one card on one expression
		}
		seen[k] = true
		if ign.suppresses(r.pass.Fset, f.pos, f.id()) {
			continue
		}
		if f.card != nil && !r.l.reports(f.card) {
			continue
		}
		if f.card == nil && f.severity != "" && !r.l.cfg.ReportsKind(f.category, f.severity) {
			continue
		}
		if r.mods != nil && f.card != nil {
			r.mods.reported(f.pos, f.id(), f.card)
		}
		kept = append(kept, f)
	}
	if r.mods == nil {
		// go vet, golangci-lint and other drivers show one line per
		// finding, and golangci-lint keeps one per line: the cards of one
		// module at one import become one diagnostic. The engine
		// (NewWithModules) maps each diagnostic back to its card for
		// JSON, and merges for display itself.
		kept = r.mergeImports(kept)
	}
	for _, f := range kept {
		r.pass.Report(analysis.Diagnostic{
			Pos: f.pos, End: f.end, Category: f.id(), Message: f.message,
			URL: r.url(f), SuggestedFixes: f.fixes,
		})
	}
	for _, d := range ign.problems(r.l.catalog) {
		r.pass.Report(d)
	}
}

func (r *reporter) url(f *finding) string {
	if f.card == nil {
		return ""
	}
	return f.card.Links.Primary()
}

// mergeImports replaces the import findings of one module at one import
// with one finding that names every card (report.Reach.Merge says how),
// counting as reached the cards whose triggers fired in this package.
func (r *reporter) mergeImports(fs []*finding) []*finding {
	var all []report.Finding
	groups := make(map[token.Pos][]*finding)
	for _, f := range fs {
		switch {
		case f.imported != nil:
			groups[f.pos] = append(groups[f.pos], f)
		case f.card != nil:
			all = append(all, report.Finding{Card: f.card.ID, Module: f.card.Module, Level: report.SymbolLevel})
		}
	}
	reach := report.NewReach(all)
	var out []*finding
	for _, f := range fs {
		g := groups[f.pos]
		if f.imported == nil || len(g) < 2 {
			out = append(out, f)
			continue
		}
		if g[0] != f {
			continue // merged into the group's first
		}
		fds := make([]report.Finding, len(g))
		for i, x := range g {
			fds[i] = report.Finding{Card: x.card.ID, Level: report.PackageLevel, Severity: string(x.card.Severity),
				Module: x.imported.path, Version: x.imported.version, Fixed: x.imported.fixed}
			switch {
			case x.imported.fixed == "":
			case x.imported.path == "stdlib":
				// The standard library comes with the toolchain.
				fds[i].Version = goName(x.imported.version)
				fds[i].Command = "go get toolchain@" + goName(x.imported.fixed)
			default:
				fds[i].Command = "go get " + x.imported.path + "@" + x.imported.fixed
			}
		}
		m := *f
		m.message = reach.Merge(fds).Message
		m.fixes = nil
		out = append(out, &m)
	}
	return out
}
