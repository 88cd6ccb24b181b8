package analyzer_test

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	runScenarioWith(t, name, analyzer.Config{}, func(a *fixture.Archive) string { return a.Affected })
}

// runScenarioWith runs an archive at the version that at picks, with cfg
// and the archive's rules.
func runScenarioWith(t *testing.T, name string, cfg analyzer.Config, at func(*fixture.Archive) string) {
	t.Helper()
	a, err := fixture.Load(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, at(a), false); err != nil {
		t.Fatal(err)
	}
	cfg.Rules = append(cfg.Rules, a.Rules...)
	analysistest.Run(t, dir, analyzer.New(cfg), "./...")
}

// TestIgnoresAfterUpgrade: at the fixed version, no module of the package
// can be affected, and still the ignore directives are checked.
func TestIgnoresAfterUpgrade(t *testing.T) {
	runScenarioWith(t, "upgraded", analyzer.Config{}, func(a *fixture.Archive) string { return a.Unaffected[0] })
}

// doLeaks is an OSV record about a method of example.com/dep, fixed in
// v1.0.1.
var doLeaks = fixture.Record{ID: "GO-9999-0002", Summary: "Do leaks", Module: "example.com/dep", Fixed: "1.0.1",
	Package: "example.com/dep/inner", Symbols: []string{"T.Do"}}

// TestIndirectModuleTrigger: an OSV symbol of a module reached only
// through another module's API fires at the affected version, and not at
// the fixed one.
func TestIndirectModuleTrigger(t *testing.T) {
	db := t.TempDir()
	if err := fixture.WriteOSV(db, doLeaks); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the compiled index goes here
	cfg := analyzer.Config{OSV: db}
	runScenarioWith(t, "indirect", cfg, func(a *fixture.Archive) string { return a.Affected })

	// At the fixed version: nothing.
	a, err := fixture.Load(filepath.Join("testdata", "indirect.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Unaffected[0], true); err != nil {
		t.Fatal(err)
	}
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

// TestStaleOSVIgnore: ignores of an OSV record at the fixed version.
func TestStaleOSVIgnore(t *testing.T) {
	db := t.TempDir()
	rec := doLeaks
	rec.Aliases = []string{"CVE-9999-0002"}
	if err := fixture.WriteOSV(db, rec); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	runScenarioWith(t, "osvignore", analyzer.Config{OSV: db}, func(a *fixture.Archive) string { return a.Unaffected[0] })
}

// TestPlatformRecords: a record's goos limits its package and symbols to
// builds for those systems.
func TestPlatformRecords(t *testing.T) {
	other := "plan9"
	if build.Default.GOOS == other {
		other = "windows"
	}
	db := t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0010", Summary: "Do misbehaves on this platform", Module: "example.com/dep", Fixed: "1.0.1",
			Package: "example.com/dep/here", Symbols: []string{"Do"}, GOOS: []string{build.Default.GOOS}},
		fixture.Record{ID: "GO-9999-0011", Summary: "Do misbehaves on another platform", Module: "example.com/dep", Fixed: "1.0.1",
			Package: "example.com/dep/there", Symbols: []string{"Do"}, GOOS: []string{other}},
	); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	runScenarioWith(t, "platform", analyzer.Config{OSV: db}, func(a *fixture.Archive) string { return a.Affected })
}

// TestMergedImport: the records of one module at one import are one
// diagnostic under go vet and golangci-lint.
func TestMergedImport(t *testing.T) {
	db := mergedDB(t)
	runScenarioWith(t, "merged", analyzer.Config{OSV: db}, func(a *fixture.Archive) string { return a.Affected })
}

// mergedDB writes the three records of merged.txtar's module: two with a
// fix, one without.
func mergedDB(t *testing.T) string {
	t.Helper()
	db := t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0020", Summary: "Do misbehaves", Module: "example.com/dep", Fixed: "1.2.0",
			Package: "example.com/dep/here", Symbols: []string{"Do"}},
		fixture.Record{ID: "GO-9999-0021", Summary: "Other misbehaves", Module: "example.com/dep", Fixed: "1.1.0",
			Package: "example.com/dep/here", Symbols: []string{"Other"}},
		fixture.Record{ID: "GO-9999-0022", Summary: "here has no fix", Module: "example.com/dep",
			Package: "example.com/dep/here"},
	); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	return db
}

// TestReachThroughAnotherModule: a vulnerable function reached only
// through another module's functions is reported at the user's calls,
// with the trace, under fact-based drivers (go vet, golangci-lint); at the
// fixed version, nothing is.
func TestReachThroughAnotherModule(t *testing.T) {
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0030", Summary: "Bad is bad", Module: "example.com/vuln", Fixed: "1.0.1",
		Package: "example.com/vuln", Symbols: []string{"Bad"}}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cfg := analyzer.Config{OSV: db}
	runScenarioWith(t, "reach", cfg, func(a *fixture.Archive) string { return a.Affected })

	a, err := fixture.Load(filepath.Join("testdata", "reach.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Unaffected[0], true); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, analyzer.New(cfg), "./...")
}

// TestResultIsData: under go vet the records of one module at one import
// are one merged diagnostic, but the analyzer's Result keeps one finding
// per card, with its level, module, version and upgrade: what drivers
// read instead of the diagnostics' text.
func TestResultIsData(t *testing.T) {
	db := mergedDB(t)
	a, err := fixture.Load(filepath.Join("testdata", "merged.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range analysistest.Run(t, dir, analyzer.New(analyzer.Config{OSV: db}), "./...") {
		res, ok := r.Result.(*analyzer.Result)
		if !ok {
			t.Fatalf("%s: result of type %T, want *analyzer.Result", r.Action.Package.PkgPath, r.Result)
		}
		if res == nil {
			continue
		}
		for _, f := range res.Findings {
			if f.Card == nil || f.Card.ID != f.Category {
				t.Errorf("finding %s has card %v", f.Category, f.Card)
			}
			got = append(got, fmt.Sprintf("%s %s %s@%s fixed=%s", f.Category, f.Level, f.Module, f.Version, f.Fixed))
		}
	}
	sort.Strings(got)
	// One upgrade for the module (the highest fix), none for the record
	// no release fixes; the call of Do at the symbol level.
	want := []string{
		"GO-9999-0020 package example.com/dep@" + a.Affected + " fixed=v1.2.0",
		"GO-9999-0020 symbol example.com/dep@" + a.Affected + " fixed=v1.2.0",
		"GO-9999-0021 package example.com/dep@" + a.Affected + " fixed=v1.2.0",
		"GO-9999-0022 package example.com/dep@" + a.Affected + " fixed=",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("result findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestModuleInfo: the module-information pass exports each package's
// module as a fact (and its result is a *ModuleInfo, which the fixlint
// analyzer reads).
func TestModuleInfo(t *testing.T) {
	a, err := fixture.Load(filepath.Join("testdata", "moduleinfo.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	for _, r := range analysistest.Run(t, dir, analyzer.ModuleInfoAnalyzer, "./...") {
		info, ok := r.Result.(*analyzer.ModuleInfo)
		if !ok || info == nil {
			t.Fatalf("%s: result %T, want *analyzer.ModuleInfo", r.Action.Package.PkgPath, r.Result)
		}
		for _, imp := range r.Action.Package.Types.Imports() {
			if path, version, ok := info.Of(imp); imp.Path() == "example.com/dep/here" && (path != "example.com/dep" || version != "v1.0.0" || !ok) {
				t.Errorf("Of(%s) = %s, %s, %v", imp.Path(), path, version, ok)
			}
		}
	}
}
