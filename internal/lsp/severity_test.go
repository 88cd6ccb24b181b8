package lsp

import (
	"testing"

	"github.com/fixlint/fixlint/internal/report"
)

// TestSeverity pins the table in severity's comment: the mark follows the
// level, whatever the severity of the problem, as SARIF's level does.
func TestSeverity(t *testing.T) {
	for _, tc := range []struct {
		level    report.Level
		severity string
		want     int
	}{
		{report.SymbolLevel, "critical", severityError},
		{report.SymbolLevel, "low", severityError},
		{report.SymbolLevel, "", severityError},
		{report.PackageLevel, "high", severityWarning},
		{report.PackageLevel, "medium", severityWarning},
		{report.ModuleLevel, "critical", severityInformation},
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
