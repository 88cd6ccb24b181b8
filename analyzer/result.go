package analyzer

import (
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// Result is what the analyzer found in one package, as data: its
// ResultType. A driver that runs the analyzer itself (the standalone
// command, the language server) reads each finding's card, level and
// module here rather than mapping diagnostics back to them; go vet and
// golangci-lint show the diagnostics, which say the same in text. The
// findings are those before the diagnostics of one place are merged.
type Result struct {
	Findings []Finding
}

// Finding is one finding at one place.
type Finding struct {
	Pos, End token.Pos
	// Card is nil for a note about fixlint's own input (a bad card file,
	// an ignore directive) and for what module authors publish.
	Card *rules.Card
	// Category is the card's ID, or the kind of a note or notice
	// ("card-error", "ignore", "unknown-version", "retracted",
	// "deprecated").
	Category string
	// Level is SymbolLevel at a call, PackageLevel at an import of an
	// affected module, ModuleLevel for a notice at an import, NoteLevel
	// for a note.
	Level report.Level
	// Module and Version are those of the affected module at this place;
	// Fixed is the upgrade fixlint recommends ("" if none). Empty for
	// notes.
	Module, Version, Fixed string
	// Severity is the card's, or the notice's.
	Severity rules.Severity
	Message  string
	URL      string
	Fixes    []analysis.SuggestedFix
}

var resultType = reflect.TypeOf((*Result)(nil))

// noResult is run's result for a package with nothing to find: typed, as
// drivers check results against ResultType.
var noResult = (*Result)(nil)

// record adds f, as kept for reporting, to the pass's result.
func (r *reporter) record(f *finding) {
	out := Finding{
		Pos: f.pos, End: f.end, Card: f.card, Category: f.id(), Message: f.message,
		URL: r.url(f), Fixes: f.fixes, Severity: f.severity, Level: report.NoteLevel,
	}
	if f.card != nil {
		out.Severity = f.card.Severity
		out.Level = report.SymbolLevel
		out.Module = f.card.Module
	}
	if f.at != nil {
		out.Level = f.at.level
		out.Module, out.Version, out.Fixed = f.at.path, f.at.version, f.at.fixed
	}
	r.result.Findings = append(r.result.Findings, out)
}

// note reports a diagnostic about fixlint's own input, and records it.
func (r *reporter) note(d analysis.Diagnostic) {
	r.pass.Report(d)
	r.result.Findings = append(r.result.Findings, Finding{
		Pos: d.Pos, End: d.End, Category: d.Category, Level: report.NoteLevel, Message: d.Message, URL: d.URL, Fixes: d.SuggestedFixes,
	})
}
