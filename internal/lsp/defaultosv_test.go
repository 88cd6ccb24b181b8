package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
)

// TestDefaultOSV: with no database configured, each check asks
// Options.DefaultOSV (fixlint lsp: the copy of fixlint osv update), so an
// update while the server runs reaches the next check and hover; what it
// says of the database is logged once, and a warning shown.
func TestDefaultOSV(t *testing.T) {
	t.Setenv("FIXLINT_CACHE", t.TempDir()) // where the databases compile
	root, mod := demo(t)
	mainGo := filepath.Join(mod, "main.go")
	dbs := t.TempDir()
	first, second := filepath.Join(dbs, "first"), filepath.Join(dbs, "second")
	for dir, rec := range map[string]fixture.Record{
		first: {ID: "GO-2099-0001", Summary: "SetAuthScheme leaks the token", Module: "github.com/go-resty/resty/v2",
			Fixed: "2.16.5", Package: "github.com/go-resty/resty/v2", Symbols: []string{"Client.SetAuthScheme"}},
		second: {ID: "GO-2099-0002", Summary: "New leaks the token", Module: "github.com/go-resty/resty/v2",
			Fixed: "2.16.5", Package: "github.com/go-resty/resty/v2", Symbols: []string{"New"}},
	} {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := fixture.WriteOSV(dir, rec); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	current, info, warning := first, "using the first database", "the first database is old"
	c := startServer(t, Options{Tests: true, DefaultOSV: func() (string, string, string) {
		mu.Lock()
		defer mu.Unlock()
		return current, info, warning
	}})
	c.initialize(root)

	m := c.mark()
	c.open(mainGo)
	diags, _ := c.diagnostics(m, mainGo)
	// main.go:17:9, client.SetAuthScheme: 0-based line 16.
	if find(diags, "GO-2099-0001", 16) == nil {
		t.Fatalf("no GO-2099-0001 at main.go:17 from the default database: %+v\nlog:\n%s", diags, c.log())
	}
	var infos, warnings int
	for _, lm := range c.logMessages(m) {
		switch lm.Message {
		case "fixlint: using the first database":
			infos++
		case "fixlint: the first database is old":
			warnings++
		}
	}
	shown, _ := c.nextNote(m, "window/showMessage", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "the first database is old")
	})
	if infos != 1 || warnings != 1 || !strings.Contains(string(shown), `"type":2`) {
		t.Errorf("log: %d infos, %d warnings, shown %s; want one each, a warning:\n%s", infos, warnings, shown, c.log())
	}

	// A second check with the same database logs nothing about it.
	m = c.mark()
	c.save(mainGo)
	c.diagnostics(m, mainGo) // published after the log's "checked"
	for _, lm := range c.logMessages(m) {
		if strings.Contains(lm.Message, "first database") {
			t.Errorf("logged again: %q", lm.Message)
		}
	}

	// An update: the next check and hover use the new database.
	mu.Lock()
	current, info, warning = second, "using the second database", ""
	mu.Unlock()
	m = c.mark()
	c.save(mainGo)
	diags, _ = c.diagnostics(m, mainGo)
	// main.go:15:19, resty.New(): 0-based line 14.
	if find(diags, "GO-2099-0002", 14) == nil || find(diags, "GO-2099-0001", 16) != nil {
		t.Fatalf("after the update: %+v\nlog:\n%s", diags, c.log())
	}
	d := find(diags, "GO-2099-0002", 14)
	r := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(mainGo)},
		"position": d.Range.Start})
	if r.Error != nil || !strings.Contains(string(r.Result), "# GO-2099-0002") {
		t.Errorf("hover on the new database's finding: %s %v", r.Result, r.Error)
	}
	c.shutdown()
}
