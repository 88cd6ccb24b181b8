package lsp

import (
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/report"
)

// TestByPlace: two records at one require line are one diagnostic that
// names both, with the worse severity and the reach from the other files;
// a call site beside them stays its own diagnostic.
func TestByPlace(t *testing.T) {
	line := Range{Start: Position{Line: 8, Character: 1}, End: Position{Line: 8, Character: 40}}
	call := Range{Start: Position{Line: 20, Character: 3}, End: Position{Line: 20, Character: 9}}
	mk := func(card string, level report.Level, r Range, sev int) *entry {
		f := report.Finding{Card: card, Level: level, Module: "example.com/dep", Version: "v1.0.0", Fixed: "v1.0.1",
			Command: "go get example.com/dep@v1.0.1", Message: card + " alone"}
		return &entry{finding: f, diag: Diagnostic{Range: r, Severity: sev, Code: card, Message: f.Message, CodeDescription: &CodeDescription{Href: "https://example.com/" + card}}}
	}
	entries := []*entry{
		mk("GO-1", report.ModuleLevel, line, severityInformation),
		mk("GO-2", report.ModuleLevel, line, severityWarning),
		mk("GO-3", report.ModuleLevel, call, severityError), // another place
	}
	reach := report.NewReach([]report.Finding{{Card: "GO-2", Module: "example.com/dep", Level: report.SymbolLevel}})
	diags := byPlace(entries, reach)
	if len(diags) != 2 {
		t.Fatalf("%d diagnostics, want 2: %+v", len(diags), diags)
	}
	var merged *Diagnostic
	for i := range diags {
		if diags[i].Range == line {
			merged = &diags[i]
		}
	}
	if merged == nil || merged.Severity != severityWarning || merged.CodeDescription != nil ||
		!strings.HasPrefix(merged.Message, "example.com/dep v1.0.0 is affected by 2 known problems (GO-1, GO-2): 1 reached from your code (GO-2); go get example.com/dep@v1.0.1 fixes both") {
		t.Errorf("the require line's diagnostic: %+v", merged)
	}
}

// TestRequireLineSeverity: a require line is information unless the code
// reaches or imports one of its problems elsewhere; then it is a warning
// (the error is at the call). An import whose card a call reaches stays a
// warning.
func TestRequireLineSeverity(t *testing.T) {
	at := func(line int) Range {
		return Range{Start: Position{Line: line}, End: Position{Line: line, Character: 30}}
	}
	mk := func(card, module string, level report.Level, line int) *entry {
		f := report.Finding{Card: card, Level: level, Module: module, Version: "v1.0.0", Fixed: "v1.0.1", Message: card}
		return &entry{finding: f, diag: Diagnostic{Range: at(line), Severity: severity(f), Code: card, Message: card}}
	}
	entries := []*entry{
		mk("GO-1", "example.com/quiet", report.ModuleLevel, 1),
		mk("GO-2", "example.com/reached", report.ModuleLevel, 2),
		mk("GO-3", "example.com/imported", report.ModuleLevel, 3),
		mk("GO-2", "example.com/reached", report.PackageLevel, 10),
	}
	reach := report.NewReach([]report.Finding{
		{Card: "GO-2", Module: "example.com/reached", Level: report.SymbolLevel},
		{Card: "GO-3", Module: "example.com/imported", Level: report.PackageLevel},
	})
	want := map[int]int{1: severityInformation, 2: severityWarning, 3: severityWarning, 10: severityWarning}
	diags := byPlace(entries, reach)
	if len(diags) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %+v", len(diags), len(want), diags)
	}
	for _, d := range diags {
		if d.Severity != want[d.Range.Start.Line] {
			t.Errorf("%s at line %d: severity %d, want %d", d.Code, d.Range.Start.Line, d.Severity, want[d.Range.Start.Line])
		}
	}
}
