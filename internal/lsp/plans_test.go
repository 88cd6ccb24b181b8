package lsp

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
)

// TestUpgradeActionMigrates: the upgrade action's title carries its plan,
// made from the module cache alone, migrations included; running it does
// the go get and asks the client, through workspace/applyEdit, to make
// the migration (a //go:fix inline of the new version) in its buffer.
func TestUpgradeActionMigrates(t *testing.T) {
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	add := func(version, src string) {
		t.Helper()
		if err := proxy.Add("example.com/lib", version, map[string][]byte{"lib.go": []byte(src)}); err != nil {
			t.Fatal(err)
		}
	}
	add("v1.0.0", "package lib\n\nfunc Sum(a, b int) int { return a + b }\n")
	add("v1.1.0", "package lib\n\n//go:fix inline\nfunc Sum(a, b int) int { return Add(a, b) }\n\nfunc Add(a, b int) int { return a + b }\n")
	cache := t.TempDir()
	t.Cleanup(func() {
		filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o777)
			}
			return nil
		})
	})
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	root := t.TempDir()
	mod := filepath.Join(root, "app")
	if err := os.MkdirAll(mod, 0o777); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n")
	src := "package app\n\nimport \"example.com/lib\"\n\nfunc Three() int { return lib.Sum(1, 2) }\n"
	write("app.go", src)
	// The module cache holds both versions; the server's plans and go get
	// use nothing else.
	for _, args := range [][]string{{"mod", "tidy"}, {"mod", "download"}, {"mod", "download", "example.com/lib@v1.1.0"}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOPROXY="+proxy.URL())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	t.Setenv("GOPROXY", "off")
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0551", Summary: "lib misbehaves", Module: "example.com/lib", Fixed: "1.1.0", Package: "example.com/lib"}); err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	opts.Config.OSV = db
	c := startServer(t, opts)
	if r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root),
		"capabilities": map[string]any{"workspace": map[string]any{"applyEdit": true}}}); r.Error != nil {
		t.Fatal(r.Error)
	}
	c.notify("initialized", map[string]any{})
	appGo := filepath.Join(mod, "app.go")
	m := c.mark()
	c.open(appGo)
	diags, _ := c.diagnostics(m, appGo)
	if len(diags) == 0 {
		t.Fatalf("no diagnostics in app.go; log:\n%s", c.log())
	}
	at := Range{Start: diags[0].Range.Start, End: diags[0].Range.Start}
	title := func() *CodeAction {
		return findAction(c.codeActions(appGo, at, nil), "Upgrade example.com/lib to v1.1.0 (go get)")
	}
	up := title()
	for deadline := time.Now().Add(60 * time.Second); up != nil && strings.HasSuffix(up.Title, "planning what it changes") && time.Now().Before(deadline); up = title() {
		time.Sleep(100 * time.Millisecond)
	}
	want := "Upgrade example.com/lib to v1.1.0 (go get): fixes 1 known problem, breaks nothing in your code, 1 migration, made with the upgrade"
	if up == nil || up.Title != want {
		t.Fatalf("upgrade action: %+v, want title %q; log:\n%s", up, want, c.log())
	}

	m = c.mark()
	done := make(chan reply, 1)
	go func() {
		done <- c.call("workspace/executeCommand", map[string]any{"command": up.Command.Command, "arguments": up.Command.Arguments})
	}()
	id, params, _ := c.serverRequest(m, "workspace/applyEdit")
	var p ApplyWorkspaceEditParams
	if err := json.Unmarshal(params, &p); err != nil {
		t.Fatal(err)
	}
	edits := p.Edit.Changes[pathToURI(appGo)]
	if len(edits) != 1 || !strings.Contains(edits[0].NewText, "return lib.Add(1, 2)") || edits[0].Range.Start != (Position{}) {
		t.Fatalf("workspace/applyEdit: %s", params)
	}
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "id": id, "result": map[string]any{"applied": true}}); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.Error != nil {
		t.Fatalf("executeCommand: %v", r.Error)
	}
	gomod, _ := os.ReadFile(filepath.Join(mod, "go.mod"))
	if !strings.Contains(string(gomod), "example.com/lib v1.1.0") {
		t.Errorf("go.mod after the action:\n%s", gomod)
	}
	if now, _ := os.ReadFile(appGo); string(now) != src {
		t.Errorf("the server wrote app.go itself (the client's buffer is where the migration goes):\n%s", now)
	}
	if !strings.Contains(c.log(), "example.com/lib@v1.1.0: made 1 migration in 1 file") {
		t.Errorf("log:\n%s", c.log())
	}
}
