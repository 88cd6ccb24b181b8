package analyzer

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"

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
