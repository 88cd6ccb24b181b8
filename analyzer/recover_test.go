package analyzer

import (
	"errors"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestSafeRunRecovers: a panic in the analysis of one package becomes that
// pass's error, naming the package and the line of fixlint's code where it
// happened, instead of killing the driver's process.
func TestSafeRunRecovers(t *testing.T) {
	pass := &analysis.Pass{Pkg: types.NewPackage("example.com/broken", "broken")}
	var r *reporter
	_, err := safeRun(pass, func(*analysis.Pass) (any, error) {
		r.flush() // a nil reporter: a nil pointer dereference inside fixlint
		return nil, nil
	})
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("safeRun returned %v, want an *InternalError", err)
	}
	if ie.Package != "example.com/broken" || !strings.Contains(ie.Panic, "nil pointer") {
		t.Errorf("got %+v", ie)
	}
	if !strings.HasPrefix(ie.Where, "analyzer/report.go:") {
		t.Errorf("Where = %q, want the line in analyzer/report.go", ie.Where)
	}
	if msg := err.Error(); !strings.Contains(msg, "example.com/broken") || strings.Contains(msg, "\n") {
		t.Errorf("message %q: want one line naming the package", msg)
	}
	if _, err := safeRun(pass, func(*analysis.Pass) (any, error) { return 1, nil }); err != nil {
		t.Errorf("safeRun without a panic: %v", err)
	}
}
