package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
)

// TestReachInTheEditor: on a module whose code reaches a vulnerable
// function only through another module (analyzer/testdata/reach.txtar),
// the editor shows an error at each of the user's calls that reaches it,
// with the trace, as go vet and the standalone command do
// (cmd/fixlint's TestReachInEveryDriver); the call that reaches nothing
// vulnerable has no diagnostic.
func TestReachInTheEditor(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0030", Summary: "Bad is bad", Module: "example.com/vuln", Fixed: "1.0.1",
		Package: "example.com/vuln", Symbols: []string{"Bad"}}); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "reach.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := a.Write(root, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	appGo := filepath.Join(root, "app", "app.go")
	c := startServer(t, Options{Config: analyzer.Config{OSV: db}})
	c.initialize(root)
	m := c.mark()
	c.open(appGo)
	diags, _ := c.diagnostics(m, appGo)

	reaching := 0
	for _, d := range diags {
		if strings.Contains(d.Message, "reach vuln.Bad") || strings.Contains(d.Message, "reaches vuln.Bad") {
			reaching++
		}
	}
	if reaching != 11 {
		t.Errorf("%d diagnostics reach vuln.Bad, want 11 (as under go vet):\n%+v\nlog:\n%s", reaching, diags, c.log())
	}
	for _, w := range []struct{ call, trace string }{
		{"\tc.Fetch()", "via (*lib.Client).Fetch > lib.F > lib.helper > vuln.Bad"},
		{"\tlib.Run()", "via lib.Run > lib.Doer.Do (an interface call) > vuln.T.Do > vuln.Bad"},
		{"\tx.Fetch()", "via app.fetcher.Fetch (an interface call) > (*lib.Client).Fetch > lib.F > lib.helper > vuln.Bad"},
		{"\tlib.Hooked()", "via lib.Hooked > field run (a function value) > lib.helper > vuln.Bad"},
	} {
		line, _ := lineOf(t, appGo, w.call)
		d := find(diags, "GO-9999-0030", line)
		switch {
		case d == nil:
			t.Errorf("no GO-9999-0030 diagnostic at %q (line %d)", w.call, line+1)
		case !strings.Contains(d.Message, w.trace):
			t.Errorf("the diagnostic at %q lacks the trace %q: %s", w.call, w.trace, d.Message)
		case d.Severity != severityError:
			t.Errorf("the diagnostic at %q has severity %d, want an error (%d)", w.call, d.Severity, severityError)
		}
	}
	for _, quiet := range []string{"\tlib.Safe()", "\tother.Iface(nil)"} {
		line, _ := lineOf(t, appGo, quiet)
		if d := find(diags, "GO-9999-0030", line); d != nil {
			t.Errorf("%q reaches nothing vulnerable, but has a diagnostic: %s", quiet, d.Message)
		}
	}
}
