package engine

import (
	"context"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
)

// A record about two modules becomes two cards with one ID. Every finding
// and every listed card must be that of the finding's module, whichever
// module's cards were decoded first.
func TestOneRecordTwoModules(t *testing.T) {
	db := t.TempDir()
	record := `{"id":"GO-9999-0003","summary":"Do and ToUpper misbehave","details":"x",
	"affected":[
	 {"package":{"name":"stdlib","ecosystem":"Go"},
	  "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],
	  "ecosystem_specific":{"imports":[{"path":"strings","symbols":["ToUpper"]}]}},
	 {"package":{"name":"example.com/dep","ecosystem":"Go"},
	  "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.1"}]}],
	  "ecosystem_specific":{"imports":[{"path":"example.com/dep/inner","symbols":["Do"]}]}}]}`
	if err := os.WriteFile(filepath.Join(db, "GO-9999-0003.json"), []byte(record), 0o666); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("testdata", "twomodules.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	res := runOffline(t, dir, db, "./...")
	byLine := make(map[string]string)
	for _, fd := range res.Findings {
		if fd.Card != "GO-9999-0003" {
			continue
		}
		line := fmt.Sprintf("%s:%d", filepath.Base(fd.Position.File), fd.Position.Line)
		byLine[line] = fd.Module
		want := "example.com/dep"
		if strings.Contains(fd.Message, "standard library") {
			want = "stdlib"
		}
		if fd.Module != want {
			t.Errorf("%s: module %q, want %q: %s", line, fd.Module, want, fd.Message)
		}
	}
	if len(byLine) < 4 {
		t.Errorf("findings of GO-9999-0003 by line: %v; want the two imports and the two calls", byLine)
	}
	mods := map[string]bool{}
	for _, c := range res.Cards {
		if c.ID == "GO-9999-0003" {
			mods[c.Module] = true
		}
	}
	if !mods["stdlib"] || !mods["example.com/dep"] || len(mods) != 2 {
		t.Errorf("cards listed for GO-9999-0003: modules %v, want stdlib and example.com/dep", mods)
	}
}

// The platform comes from the go command, go env -w settings included,
// not from this process's environment.
func TestPlatformFromGoEnv(t *testing.T) {
	host, other := build.Default.GOOS, "plan9"
	if host == other {
		other = "windows"
	}
	db := t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0010", Summary: "Do misbehaves", Module: "example.com/dep", Fixed: "1.0.1",
			Package: "example.com/dep/here", Symbols: []string{"Do"}, GOOS: []string{other}},
		fixture.Record{ID: "GO-9999-0011", Summary: "Do misbehaves", Module: "example.com/dep", Fixed: "1.0.1",
			Package: "example.com/dep/there", Symbols: []string{"Do"}, GOOS: []string{host}},
	); err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "platform.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	goenv := filepath.Join(t.TempDir(), "go.env")
	if err := os.WriteFile(goenv, []byte("GOOS="+other+"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", goenv)
	t.Setenv("GOOS", "") // as when only go env -w sets it
	os.Unsetenv("GOOS")
	res := runOffline(t, dir, db, "./app")
	got := map[string]int{}
	for _, fd := range res.Findings {
		if filepath.Base(fd.Position.File) == "app.go" {
			got[fd.Card]++
		}
	}
	if got["GO-9999-0010"] != 2 || got["GO-9999-0011"] != 0 {
		t.Errorf("findings in app.go by card: %v; want GO-9999-0010 (for %s, the go env GOOS) at the import and the call, GO-9999-0011 (for %s) nowhere", got, other, host)
	}
}

// runOffline runs the engine on the vendored fixture module in dir with the
// OSV database db, no network and a fresh cache for the compiled index; any
// error fails the test.
func runOffline(t *testing.T, dir, db, pattern string) *Result {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOPROXY", "off")
	res := Run(context.Background(), Options{Dir: dir, Config: analyzer.Config{OSV: db}}, []string{pattern})
	for _, e := range res.Errs {
		t.Errorf("error: %v", e)
	}
	return res
}
