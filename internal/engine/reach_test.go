package engine

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/report"
)

// TestReachParity: the standalone command reports, at the same calls and
// with the same messages, what go vet reports with facts on the fixture
// analyzer/testdata/reach.txtar: a vulnerable function of one module
// reached only through another module. Its // want comments are the
// expectations of both.
func TestReachParity(t *testing.T) {
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0030", Summary: "Bad is bad", Module: "example.com/vuln", Fixed: "1.0.1",
		Package: "example.com/vuln", Symbols: []string{"Bad"}}); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "reach.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	// The expectations: the want patterns of app.go, by line.
	want := make(map[int]*regexp.Regexp)
	wantRE := regexp.MustCompile("// want `([^`]*)`")
	for _, f := range a.Files {
		if f.Name != "app/app.go" {
			continue
		}
		for i, line := range strings.Split(string(f.Data), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				want[i+1] = regexp.MustCompile(m[1])
			}
		}
	}
	if len(want) < 5 {
		t.Fatalf("reach.txtar's app/app.go has %d want comments; the test reads them", len(want))
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	res := runOffline(t, dir, db, "./...")
	got := make(map[int]string)
	for _, fd := range res.Findings {
		if filepath.Base(fd.Position.File) != "app.go" || fd.Level != report.SymbolLevel {
			continue
		}
		if prev, ok := got[fd.Position.Line]; ok {
			t.Errorf("app.go:%d: two findings:\n%s\n%s", fd.Position.Line, prev, fd.Message)
		}
		got[fd.Position.Line] = fd.Message
		if fd.Card != "GO-9999-0030" || fd.Module != "example.com/vuln" || fd.Version != "v1.0.0" || fd.Command != "go get example.com/vuln@v1.0.1" {
			t.Errorf("app.go:%d: card %s, module %s %s, command %q", fd.Position.Line, fd.Card, fd.Module, fd.Version, fd.Command)
		}
	}
	var lines []int
	for l := range want {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	for _, l := range lines {
		if msg, ok := got[l]; !ok || !want[l].MatchString(msg) {
			t.Errorf("app.go:%d: got %q, want a finding matching %s", l, msg, want[l])
		}
	}
	for l, msg := range got {
		if want[l] == nil {
			t.Errorf("app.go:%d: unexpected finding %s", l, msg)
		}
	}

	// At the fixed version, nothing.
	fixed := t.TempDir()
	if err := a.Write(fixed, a.Unaffected[0], true); err != nil {
		t.Fatal(err)
	}
	for _, fd := range runOffline(t, fixed, db, "./...").Findings {
		if fd.Card == "GO-9999-0030" {
			t.Errorf("at %s: %s", a.Unaffected[0], fmt.Sprint(fd.Position, ": ", fd.Message))
		}
	}
}
