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
	// at is set on a card's finding at an import or a call: the module,
	// its version and the upgrade, for merging the findings at one place.
	at *place
}

// place is what a finding at an import or a call says of its module.
type place struct {
	level                report.Level // PackageLevel at an import, SymbolLevel at a call
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
	// result is the pass's findings as data (ResultType).
	result Result
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
		r.record(f)
		kept = append(kept, f)
	}
	if r.mods == nil {
		// go vet, golangci-lint and other drivers show one line per
		// finding, and golangci-lint keeps one per line: the cards of one
		// module at one import become one diagnostic. The engine
		// (NewWithModules) maps each diagnostic back to its card for
		// JSON, and merges for display itself.
		kept = r.mergePlaces(kept)
	}
	for _, f := range kept {
		r.pass.Report(analysis.Diagnostic{
			Pos: f.pos, End: f.end, Category: f.id(), Message: f.message,
			URL: r.url(f), SuggestedFixes: f.fixes,
		})
	}
	for _, d := range ign.problems(r.l.catalog) {
		r.note(d)
	}
}

func (r *reporter) url(f *finding) string {
	if f.card == nil {
		return ""
	}
	return f.card.Links.Primary()
}

// mergePlaces replaces the findings of one module at one import, or at
// one call, with one finding that names every card (report.Reach.Merge
// says how), counting as reached the cards whose triggers fired in this
// package. The merged finding keeps every suggested fix.
func (r *reporter) mergePlaces(fs []*finding) []*finding {
	var all []report.Finding
	type key struct {
		pos   token.Pos
		level report.Level
		path  string
	}
	groups := make(map[key][]*finding)
	for _, f := range fs {
		if f.at != nil && f.card != nil {
			k := key{f.pos, f.at.level, f.at.path}
			groups[k] = append(groups[k], f)
			if f.at.level == report.SymbolLevel {
				all = append(all, report.Finding{Card: f.card.ID, Module: f.at.path, Level: report.SymbolLevel})
			}
		}
	}
	reach := report.NewReach(all)
	var out []*finding
	for _, f := range fs {
		if f.at == nil || f.card == nil {
			out = append(out, f)
			continue
		}
		g := groups[key{f.pos, f.at.level, f.at.path}]
		if len(g) < 2 {
			out = append(out, f)
			continue
		}
		if g[0] != f {
			continue // merged into the group's first
		}
		fds := make([]report.Finding, len(g))
		var fixes []analysis.SuggestedFix
		for i, x := range g {
			fds[i] = report.Finding{Card: x.card.ID, Level: x.at.level, Severity: string(x.card.Severity),
				Module: x.at.path, Version: x.at.version, Fixed: x.at.fixed, Message: x.message}
			if x.at.path == stdlib {
				fds[i].Version = goName(x.at.version) // as report.Reach.Merge names it
			}
			if x.at.fixed != "" {
				fds[i].Command = goGet(x.at.path, x.at.fixed)
			}
			fixes = append(fixes, x.fixes...)
		}
		m := *f
		m.message = reach.Merge(fds).Message
		m.fixes = fixes
		out = append(out, &m)
	}
	return out
}
