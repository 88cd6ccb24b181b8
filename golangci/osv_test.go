package golangci_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fixlint/fixlint/golangci"
	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/internal/vulndb"
	"github.com/fixlint/fixlint/internal/vulndb/vulndbtest"
	"github.com/fixlint/fixlint/rules"
)

// analyzerName builds the plugin from settings and returns the name of
// its database analyzer ("" without one), after checking that fixlint's
// own keeps its name.
func analyzerName(t *testing.T, settings map[string]any) string {
	t.Helper()
	p, err := golangci.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) == 0 || len(as) > 2 || as[0].Name != "fixlint" {
		t.Fatalf("BuildAnalyzers: %v, %v; want fixlint and at most a database analyzer", as, err)
	}
	if len(as) == 1 {
		return ""
	}
	if err := analysis.Validate(as); err != nil {
		t.Error(err)
	}
	return as[1].Name
}

func records(t *testing.T, recs ...fixture.Record) vulndbtest.Records {
	t.Helper()
	out := make(vulndbtest.Records)
	for i, r := range recs {
		data, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Add(r.ID, data, time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestOSVSettingFollowsTheDatabase: golangci-lint caches issues by the
// analyzers' names and the settings' text, so with a database the plugin
// adds an analyzer named after the database's content: the name changes
// after fixlint osv update (osv: update), and after an index is compiled
// again in place.
func TestOSVSettingFollowsTheDatabase(t *testing.T) {
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	if _, err := golangci.New(map[string]any{"osv": "update"}); err == nil || !strings.Contains(err.Error(), "setting osv: update: no Go vulnerability database: run fixlint osv update") {
		t.Errorf("osv: update before any update: %v", err)
	}
	one := fixture.Record{ID: "GO-2099-0001", Summary: "one", Module: "example.com/none", Fixed: "1.0.1", Package: "example.com/none"}
	two := fixture.Record{ID: "GO-2099-0002", Summary: "two", Module: "example.com/none", Fixed: "1.0.2", Package: "example.com/none"}
	first := records(t, one)
	files, err := first.Layout()
	if err != nil {
		t.Fatal(err)
	}
	srv := vulndbtest.NewServer(files)
	defer srv.Close()
	if _, err := vulndb.Update(context.Background(), vulndb.Options{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`^fixlint_db_[0-9a-f]{16}$`)
	before := analyzerName(t, map[string]any{"osv": "update"})
	if !named.MatchString(before) {
		t.Errorf("with a database, the analyzer is named %q", before)
	}
	if again := analyzerName(t, map[string]any{"osv": "update"}); again != before {
		t.Errorf("the same database, another name: %q, %q", before, again)
	}
	files, err = records(t, one, two).Layout()
	if err != nil {
		t.Fatal(err)
	}
	srv.Set(files)
	if _, err := vulndb.Update(context.Background(), vulndb.Options{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if after := analyzerName(t, map[string]any{"osv": "update"}); after == before || !named.MatchString(after) {
		t.Errorf("after an update that added a record, the analyzer is named %q, as before (%q)", after, before)
	}

	// An index compiled again under the same path.
	dir := t.TempDir()
	db, index := filepath.Join(dir, "db"), filepath.Join(dir, "vulndb.idx")
	os.Mkdir(db, 0o777)
	compile := func(recs ...fixture.Record) string {
		t.Helper()
		if err := fixture.WriteOSV(db, recs...); err != nil {
			t.Fatal(err)
		}
		if _, _, err := osv.CompileDir(db, index); err != nil {
			t.Fatal(err)
		}
		return analyzerName(t, map[string]any{"osv": index})
	}
	if a, b := compile(one), compile(two); a == b {
		t.Errorf("an index compiled again with another record keeps the name %q", a)
	}
	for _, db := range []string{"off", "", filepath.Join(dir, "missing")} {
		if name := analyzerName(t, map[string]any{"osv": db}); name != "" {
			t.Errorf("osv: %q: a database analyzer %q", db, name)
		}
	}
}

// TestDatabaseAnalyzerRuns: with the database analyzer beside it, fixlint's
// runs as without (facts and all), on card FIX-0002's fixture.
func TestDatabaseAnalyzerRuns(t *testing.T) {
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-2099-0001", Summary: "one", Module: "example.com/none", Fixed: "1.0.1", Package: "example.com/none"}); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(fix0002)
	if err != nil {
		t.Fatal(err)
	}
	var others []any
	for _, c := range rules.Embedded() {
		if c.ID != "FIX-0002" {
			others = append(others, c.ID)
		}
	}
	p, err := golangci.New(map[string]any{"disable": others, "osv": db})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 2 {
		t.Fatalf("BuildAnalyzers: %v, %v", as, err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range analysistest.Run(t, dir, as[0], "./...") {
		for _, d := range r.Diagnostics {
			if d.Category == "FIX-0002" {
				n++
			}
		}
	}
	if n == 0 {
		t.Error("FIX-0002 reported nothing")
	}

}
