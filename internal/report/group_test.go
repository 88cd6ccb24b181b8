package report

import (
	"strings"
	"testing"
)

// TestByPlace: three records at one require line become one finding that
// names each, says which are reached and which imported, and gives the
// go get that clears those a release fixes; a call site, a note and a
// place with one finding stay as they are.
func TestByPlace(t *testing.T) {
	req := Position{File: "go.mod", Line: 7, Col: 2}
	imp := Position{File: "main.go", Line: 4, Col: 2}
	call := Position{File: "main.go", Line: 9, Col: 5}
	mod := func(card, fixed, sev string, level Level, pos Position) Finding {
		f := Finding{Card: card, Level: level, Severity: sev, Module: "golang.org/x/net", Version: "v0.1.0",
			Fixed: fixed, Position: pos, Message: card + " alone"}
		if fixed != "" {
			f.Command = "go get golang.org/x/net@" + fixed
		}
		return f
	}
	fds := []Finding{
		mod("GO-1", "v0.38.0", "low", ModuleLevel, req),
		mod("GO-2", "v0.38.0", "high", ModuleLevel, req),
		mod("GO-3", "", "medium", ModuleLevel, req),
		mod("GO-1", "v0.38.0", "low", PackageLevel, imp),
		mod("GO-2", "v0.38.0", "high", PackageLevel, imp),
		mod("GO-2", "v0.38.0", "high", SymbolLevel, call),
		mod("GO-4", "v0.38.0", "low", SymbolLevel, call), // another record at the same call
		{Card: "ignore", Level: NoteLevel, Position: req, Message: "a stale ignore"},
	}
	got := ByPlace(fds)
	if len(got) != 4 {
		t.Fatalf("%d findings, want 4 (require line, import, call, note):\n%v", len(got), got)
	}
	want := "golang.org/x/net v0.1.0 is affected by 3 known problems (GO-1, GO-2, GO-3): 1 reached from your code (GO-2); " +
		"1 in packages you import (GO-1); go get golang.org/x/net@v0.38.0 fixes 2; no release fixes GO-3 (fixlint explain ID, or -format json, for each)"
	if got[0].Message != want || got[0].Severity != "high" || got[0].Command != "go get golang.org/x/net@v0.38.0" || got[0].Position != req {
		t.Errorf("require line:\n got %+v\nwant message %s, severity high, the go get", got[0], want)
	}
	if !strings.HasPrefix(got[1].Message, "golang.org/x/net v0.1.0 is affected by 2 known problems (GO-1, GO-2): 1 reached from your code (GO-2); go get golang.org/x/net@v0.38.0 fixes both") {
		t.Errorf("import: %s", got[1].Message)
	}
	if want := "this code: 2 known problems in golang.org/x/net v0.1.0 (GO-2, GO-4); go get golang.org/x/net@v0.38.0 fixes both (fixlint explain ID, or -format json, for each)"; got[2].Message != want {
		t.Errorf("the call:\n got %s\nwant %s", got[2].Message, want)
	}
	if got[3].Level != NoteLevel || got[3].Message != "a stale ignore" {
		t.Errorf("the note changed: %+v", got[3])
	}
	// Findings that say the same of the call keep it as the subject.
	a, b := mod("GO-2", "v0.38.0", "high", SymbolLevel, call), mod("GO-4", "v0.38.0", "low", SymbolLevel, call)
	a.Message, b.Message = "html.Parse is vulnerable: one thing", "html.Parse is vulnerable: another"
	if m := ByPlace([]Finding{a, b}); len(m) != 1 || !strings.HasPrefix(m[0].Message, "html.Parse is vulnerable: 2 known problems in golang.org/x/net v0.1.0 (GO-2, GO-4);") {
		t.Errorf("a call with two records: %+v", m)
	}
	if one := ByPlace(fds[:1]); one[0].Message != "GO-1 alone" {
		t.Errorf("a place with one finding: %s", one[0].Message)
	}
}
