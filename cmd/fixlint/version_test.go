package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// versionDB writes a database of three records into dir/db: one modified
// on 2024-05-01, one with a published date alone, and one withdrawn (not
// counted).
func versionDB(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "db")
	if err := os.MkdirAll(db, 0o777); err != nil {
		t.Fatal(err)
	}
	record := func(id, dates string) string {
		return fmt.Sprintf(`{"id":%q,%s"details":"x","affected":[{"package":{"name":"example.com/m","ecosystem":"Go"},
"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.1"}]}]}]}`, id, dates)
	}
	for id, dates := range map[string]string{
		"GO-9999-0201": `"modified":"2024-05-01T10:00:00Z","published":"2024-04-01T10:00:00Z",`,
		"GO-9999-0202": `"modified":"0001-01-01T00:00:00Z","published":"2023-01-02T10:00:00Z",`,
		"GO-9999-0203": `"modified":"2025-01-01T10:00:00Z","withdrawn":"2025-01-01T10:00:00Z",`,
	} {
		if err := os.WriteFile(filepath.Join(db, id+".json"), []byte(record(id, dates)), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// versionEnv keeps the user cache, where -osv compiles a directory, in
// dir.
func versionEnv(t *testing.T, dir string) []string {
	t.Helper()
	gocache, err := goCache()
	if err != nil {
		t.Fatal(err)
	}
	return hermetic("XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "GOCACHE="+gocache)
}

// TestVersion checks fixlint version and -version line by line. The
// build's version and the Go version vary; the catalog's numbers come
// from the cards.
func TestVersion(t *testing.T) {
	cat := embeddedCatalog()
	wantCatalog := fmt.Sprintf("catalog: %d cards, newest verified on %s", cat.Cards, cat.NewestVerification)
	if cat.Cards == 0 || !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(cat.NewestVerification) {
		t.Fatalf("embedded catalog: %+v", cat)
	}
	structure := []*regexp.Regexp{
		regexp.MustCompile(`^fixlint \(devel\)$`), // the test binary is built with -buildvcs=false
		regexp.MustCompile(`^built with ` + regexp.QuoteMeta(goVersion(t)+" "+runtime.GOOS+"/"+runtime.GOARCH) + `$`),
		regexp.MustCompile(`^` + regexp.QuoteMeta(wantCatalog) + `$`),
	}
	dir := t.TempDir()
	db := versionDB(t, dir)
	wantDB := "osv database " + db + ": 2 records, newest modified on 2024-05-01"
	for _, args := range [][]string{{"version"}, {"-version"}, {"version", "-osv", db}, {"-version", "-osv", db}} {
		r := runIn(t, dir, versionEnv(t, dir), fixlintBin, args...)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		want := structure
		if len(args) > 1 {
			want = append(want[:len(want):len(want)], regexp.MustCompile(`^`+regexp.QuoteMeta(wantDB)+`$`))
		}
		if r.code != exitOK || r.stderr != "" || len(lines) != len(want) {
			t.Errorf("fixlint %s: exit %d, want %d lines:\n%s%s", strings.Join(args, " "), r.code, len(want), r.stdout, r.stderr)
			continue
		}
		for i, re := range want {
			if !re.MatchString(lines[i]) {
				t.Errorf("fixlint %s: line %d is %q, want %s", strings.Join(args, " "), i+1, lines[i], re)
			}
		}
	}

	// The configuration file's osv counts, as for a check.
	if err := os.WriteFile(filepath.Join(dir, configFileName), []byte("osv: db\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, versionEnv(t, dir), fixlintBin, "version")
	if r.code != exitOK || !strings.HasSuffix(r.stdout, ": 2 records, newest modified on 2024-05-01\n") {
		t.Errorf("fixlint version with osv in %s: exit %d\n%s%s", configFileName, r.code, r.stdout, r.stderr)
	}

	// Packages are not what -version is about.
	r = runIn(t, dir, versionEnv(t, dir), fixlintBin, "version", "./...")
	if r.code != exitUsage || !strings.Contains(r.stderr, "checks no packages") {
		t.Errorf("fixlint version ./...: exit %d\n%s", r.code, r.stderr)
	}
}

// TestVetVersion: go vet's -V=full gets "fixlint version VERSION
// buildID=HASH", which the go command parses (cmd/go's toolID) and keys its
// vet cache on: the hash of the executable, so that a rebuilt fixlint does
// not replay old results.
func TestVetVersion(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "-V=full")
	data, err := os.ReadFile(fixlintBin)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("fixlint version (devel) buildID=%x\n", sha256.Sum256(data))
	if r.code != 0 || r.stdout != want {
		t.Errorf("-V=full: exit %d, got %q, want %q; stderr %q", r.code, r.stdout, want, r.stderr)
	}
	// What cmd/go requires of the line: a version with "devel" in it ends
	// with the build ID.
	f := strings.Fields(r.stdout)
	if len(f) < 3 || f[1] != "version" || strings.Contains(f[2], "devel") && !strings.HasPrefix(f[len(f)-1], "buildID=") {
		t.Errorf("go vet would refuse %q", r.stdout)
	}
}

// TestJSONConfigFacts: the JSON config message says what fixlint knows:
// its version, the Go version, the catalog and the database.
func TestJSONConfigFacts(t *testing.T) {
	dir := t.TempDir()
	db := versionDB(t, dir)
	r := runIn(t, ".", versionEnv(t, dir), fixlintBin, "-C", "../../testdata/demo", "-format", "json", "-osv", db, "./...")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	first, _, _ := strings.Cut(r.stdout, "\n")
	var msg struct{ Config jsonConfig }
	if err := json.Unmarshal([]byte(first), &msg); err != nil {
		t.Fatalf("%v: %s", err, first)
	}
	c := msg.Config
	if c.ScannerVersion != "(devel)" || c.GoVersion != goVersion(t) || c.Catalog != embeddedCatalog() {
		t.Errorf("config %+v", c)
	}
	if c.DB == nil || *c.DB != (dbFacts{Records: 2, Modified: "2024-05-01", dbDescription: dbDescription{Path: db, Source: "flag"}}) {
		t.Errorf("db %+v, want 2 records modified 2024-05-01, from the flag:\n%s", c.DB, first)
	}
	// Without a database, no db.
	if strings.Contains(stableConfig(t, runIn(t, ".", hermetic(), fixlintBin, "-C", "../../testdata/demo", "-format", "json", "./...").stdout), `"db"`) {
		t.Errorf("a db without -osv")
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3": "1.2.3", "v0.0.0-20261202163700-0416f99abcde": "0.0.0-20261202163700-0416f99abcde",
		"v1.2.3+dirty": "1.2.3+dirty", "(devel)": "", "": "",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestVCSSettings(t *testing.T) {
	b := build{Revision: "0416f99", Time: "2026-12-02T16:00:00Z", Modified: "true"}
	if got, want := b.vcsSettings(), "vcs.revision=0416f99 vcs.time=2026-12-02T16:00:00Z vcs.modified=true"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := (build{}).vcsSettings(); got != "" {
		t.Errorf("no settings: %q", got)
	}
}
