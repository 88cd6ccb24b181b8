package lsp

import (
	"testing"

	"github.com/fixlint/fixlint/internal/report"
)

// TestSeverity pins the table in severity's comment, the unused row
// included: a module whose code is not built is a hint, whatever the
// severity of its problem.
func TestSeverity(t *testing.T) {
	for _, tc := range []struct {
		level    report.Level
		severity string
		want     int
	}{
		{report.SymbolLevel, "critical", severityError},
		{report.SymbolLevel, "low", severityWarning},
		{report.PackageLevel, "high", severityWarning},
		{report.PackageLevel, "medium", severityInformation},
		{report.ModuleLevel, "high", severityWarning},
		{report.ModuleLevel, "low", severityInformation},
		{report.UnusedLevel, "critical", severityHint},
		{report.UnusedLevel, "low", severityHint},
		{report.NoteLevel, "high", severityInformation},
	} {
		if got := severity(report.Finding{Level: tc.level, Severity: tc.severity}); got != tc.want {
			t.Errorf("%s, %s: severity %d, want %d", tc.level, tc.severity, got, tc.want)
		}
	}
}
