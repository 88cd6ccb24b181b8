package analyzer_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
)

func TestValidate(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{analyzer.Analyzer}); err != nil {
		t.Fatal(err)
	}
	if analyzer.Analyzer.Doc == "" || analyzer.Analyzer.Flags.Lookup("rules") == nil {
		t.Fatal("analyzer has no doc or no -rules flag")
	}
}

// runScenario runs an archive of testdata at its affected version (or as it
// is, when it brings its own go.mod), with only the cards in only enabled.
func runScenario(t *testing.T, name string, only ...string) {
	t.Helper()
	a, err := fixture.Load(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	cfg := analyzer.Config{Rules: a.Rules}
	analysistest.Run(t, dir, analyzer.New(cfg), "./...")
}

func TestIgnoreDirectives(t *testing.T) { runScenario(t, "ignore") }

func TestDirectoryReplaceIsUnknown(t *testing.T) { runScenario(t, "replace") }

func TestBadUserCard(t *testing.T) { runScenario(t, "badcard") }

// TestNewKeepsConfig: binding flags must not reset the values New was given
// (flag.StringVar writes its default into the variable).
func TestNewKeepsConfig(t *testing.T) {
	a := analyzer.New(analyzer.Config{OSV: "db", MinSeverity: "high", Rules: []string{"x"}, Disable: []string{"FIX-0001"}})
	for name, want := range map[string]string{"osv": "db", "severity": "high", "rules": "x", "disable": "FIX-0001"} {
		if got := a.Flags.Lookup(name).Value.String(); got != want {
			t.Errorf("-%s = %q, want %q", name, got, want)
		}
	}
}

func TestStdlibRecords(t *testing.T) {
	db := t.TempDir()
	record := `{"id":"GO-9999-0001","summary":"ToUpper is slow in strings","details":"x",
	"affected":[{"package":{"name":"stdlib","ecosystem":"Go"},
	"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],
	"ecosystem_specific":{"imports":[{"path":"strings","symbols":["ToUpper"]}]}}],
	"database_specific":{"url":"https://pkg.go.dev/vuln/GO-9999-0001"}}`
	if err := os.WriteFile(filepath.Join(db, "GO-9999-0001.json"), []byte(record), 0o666); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("testdata", "stdlib.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, "", false); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the compiled index goes here
	analysistest.Run(t, dir, analyzer.New(analyzer.Config{OSV: db}), "./...")
}
