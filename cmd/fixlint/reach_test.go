package main

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
)

// TestReachInEveryDriver: on a module whose code reaches a vulnerable
// function only through another module (analyzer/testdata/reach.txtar),
// go vet -vettool and the standalone command report the same calls with
// the same messages, the trace included. (The language server runs the
// standalone command's engine.)
func TestReachInEveryDriver(t *testing.T) {
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0030", Summary: "Bad is bad", Module: "example.com/vuln", Fixed: "1.0.1",
		Package: "example.com/vuln", Symbols: []string{"Bad"}}); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "reach.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	env := hermetic("GOFLAGS=-mod=vendor")
	reaches := regexp.MustCompile(`(?m)^(app/app\.go:\d+:\d+: .* (reaches|may reach) vuln\.Bad, .*)$`)

	vet := runIn(t, dir, env, "go", "vet", "-vettool="+fixlintBin, "-fixlint.osv="+db, "./...")
	std := runIn(t, dir, env, fixlintBin, "-osv", db, "./...")
	vetLines := reaches.FindAllString(vet.stderr, -1)
	stdLines := reaches.FindAllString(std.stdout, -1)
	sort.Strings(vetLines)
	sort.Strings(stdLines)
	if len(vetLines) != 11 {
		t.Errorf("go vet: %d calls reach vuln.Bad, want 11 (two through interface calls in app) (exit %d):\n%s", len(vetLines), vet.code, vet.stderr)
	}
	if strings.Join(vetLines, "\n") != strings.Join(stdLines, "\n") {
		t.Errorf("go vet and the standalone command differ:\ngo vet:\n%s\nfixlint:\n%s", strings.Join(vetLines, "\n"), strings.Join(stdLines, "\n"))
	}
	for _, trace := range []string{
		"via (*lib.Client).Fetch > lib.F > lib.helper > vuln.Bad",
		"via lib.Run > lib.Doer.Do (an interface call) > vuln.T.Do > vuln.Bad",
		"via app.fetcher.Fetch (an interface call) > (*lib.Client).Fetch > lib.F > lib.helper > vuln.Bad",
		"via lib.Hooked > field run (a function value) > lib.helper > vuln.Bad",
	} {
		if !strings.Contains(vet.stderr, trace) {
			t.Errorf("go vet lacks the trace %q:\n%s", trace, vet.stderr)
		}
	}
}
