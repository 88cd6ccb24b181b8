package lsp

import (
	"encoding/json"
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
)

// osvWorkspace lays out analyzer/testdata/platform.txtar (example.com/dep
// v1.0.0, vendored; app.go imports and calls dep/here and dep/there) in a
// temporary workspace with an OSV database of two records: GO-9999-0010
// about dep/here on this platform, GO-9999-0011 about dep/there on another
// one only, as an x/sys/windows record is on Linux.
func osvWorkspace(t *testing.T) (root, db string) {
	t.Helper()
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the compiled OSV index
	other := "plan9"
	if build.Default.GOOS == other {
		other = "windows"
	}
	db = t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0010", Summary: "Do misbehaves on this platform", Aliases: []string{"CVE-9999-0010", "GHSA-9999-0010-0010"},
			Module: "example.com/dep", Fixed: "1.0.1", Package: "example.com/dep/here", Symbols: []string{"Do"}, GOOS: []string{build.Default.GOOS}},
		fixture.Record{ID: "GO-9999-0011", Summary: "Do misbehaves on another platform",
			Module: "example.com/dep", Fixed: "1.0.1", Package: "example.com/dep/there", Symbols: []string{"Do"}, GOOS: []string{other}},
	); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "platform.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root = t.TempDir()
	if err := a.Write(root, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	return root, db
}

// lineOf is the 0-based line of the first line of file that contains s,
// and the UTF-16 column (ASCII here) where s starts.
func lineOf(t *testing.T, file, s string) (line, col int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if c := strings.Index(l, s); c >= 0 {
			return i, c
		}
	}
	t.Fatalf("%s has no %q", file, s)
	return 0, 0
}

// TestOSVRecords: an OSV record's diagnostics take their severity from
// where they are (an error at the call of a vulnerable function, warnings
// at the import and the require line), a record about another platform's
// package is not reported anywhere, and a hover on a record's diagnostic
// shows the record: summary, aliases, affected and fixed versions, link.
func TestOSVRecords(t *testing.T) {
	root, db := osvWorkspace(t)
	appGo, goMod := filepath.Join(root, "app", "app.go"), filepath.Join(root, "go.mod")
	c := startServer(t, Options{Config: analyzer.Config{OSV: db}})
	c.initialize(root)
	m := c.mark()
	c.open(appGo)
	c.open(goMod)
	appDiags, _ := c.diagnostics(m, appGo)
	modDiags, _ := c.diagnostics(m, goMod)

	importLine, _ := lineOf(t, appGo, `"example.com/dep/here"`)
	callLine, callCol := lineOf(t, appGo, "\there.Do()") // not there.Do()
	callCol++
	requireLine, _ := lineOf(t, goMod, "require example.com/dep")
	for _, w := range []struct {
		diags    []Diagnostic
		where    string
		line     int
		severity int
	}{
		{appDiags, "the call here.Do()", callLine, severityError},
		{appDiags, "the import of dep/here", importLine, severityWarning},
		{modDiags, "go.mod's require line", requireLine, severityWarning},
	} {
		d := find(w.diags, "GO-9999-0010", w.line)
		if d == nil {
			t.Errorf("no GO-9999-0010 diagnostic at %s (line %d); got %+v\nlog:\n%s", w.where, w.line+1, w.diags, c.log())
			continue
		}
		if d.Severity != w.severity {
			t.Errorf("GO-9999-0010 at %s: severity %d, want %d", w.where, d.Severity, w.severity)
		}
	}
	for _, d := range append(append([]Diagnostic(nil), appDiags...), modDiags...) {
		if d.Code == "GO-9999-0011" {
			t.Errorf("GO-9999-0011 is about another platform's package, but was reported: %+v", d)
		}
	}
	if len(appDiags) != 2 || len(modDiags) != 1 {
		t.Errorf("diagnostics: app.go %+v, go.mod %+v; want 2 and 1", appDiags, modDiags)
	}

	hover := func(file string, line, char int) string {
		t.Helper()
		r := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(file)},
			"position": map[string]any{"line": line, "character": char}})
		if r.Error != nil {
			t.Fatalf("hover: %v", r.Error)
		}
		var h *Hover
		if err := json.Unmarshal(r.Result, &h); err != nil {
			t.Fatalf("hover result %s: %v", r.Result, err)
		}
		if h == nil {
			return ""
		}
		if h.Contents.Kind != "markdown" {
			t.Errorf("hover kind %q, want markdown", h.Contents.Kind)
		}
		return h.Contents.Value
	}
	for _, at := range []struct {
		file       string
		line, char int
	}{{appGo, callLine, callCol + len("here.")}, {goMod, requireLine, len("require ")}} {
		got := hover(at.file, at.line, at.char)
		for _, want := range []string{
			"# GO-9999-0010: Do misbehaves on this platform",
			"- Affected: < v1.0.1",
			"- First fixed release: v1.0.1",
			"- Aliases: CVE-9999-0010, GHSA-9999-0010-0010",
			"https://pkg.go.dev/vuln/GO-9999-0010",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("hover at %s:%d:%d lacks %q:\n%s", filepath.Base(at.file), at.line+1, at.char+1, want, got)
			}
		}
	}
	// there.Do() is GO-9999-0011's symbol, on another platform: no finding,
	// so no hover.
	thereLine, thereCol := lineOf(t, appGo, "\tthere.Do()")
	thereCol++
	if got := hover(appGo, thereLine, thereCol+len("there.")); got != "" {
		t.Errorf("hover on there.Do() = %q, want none", got)
	}
	c.shutdown()
}
