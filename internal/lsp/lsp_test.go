package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
)

// A test client: it talks to a server through in-memory pipes, with the
// package's own framing.

type testClient struct {
	t      *testing.T
	w      *io.PipeWriter
	out    *writer
	done   chan error
	nextID int

	mu        sync.Mutex
	responses map[string]chan reply // by raw id
	notes     []note
	noteCh    chan struct{} // signalled on each notification
	closed    bool
}

type reply struct {
	Result json.RawMessage
	Error  *rpcError
}

type note struct {
	Method string
	Params json.RawMessage
	ID     json.RawMessage // set for a request of the server's
}

const testTimeout = 90 * time.Second

func startServer(t *testing.T, opts Options) *testClient {
	t.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if testing.Verbose() {
		opts.Log = testLog{t}
	}
	cr, cw := io.Pipe() // client to server
	sr, sw := io.Pipe() // server to client
	c := &testClient{
		t:         t,
		w:         cw,
		out:       &writer{w: cw},
		done:      make(chan error, 1),
		responses: make(map[string]chan reply),
		noteCh:    make(chan struct{}, 1),
	}
	go func() {
		err := Serve(context.Background(), cr, sw, opts)
		sw.Close()
		cr.Close()
		c.done <- err
	}()
	go c.readLoop(newReader(sr))
	t.Cleanup(func() {
		cw.Close()
		select {
		case <-c.done:
		case <-time.After(testTimeout):
			t.Errorf("the server did not stop")
		}
	})
	return c
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (c *testClient) readLoop(r *reader) {
	defer func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		c.signal()
	}()
	for {
		body, err := r.read()
		if err != nil {
			var fe *framingError
			if errors.As(err, &fe) {
				c.t.Errorf("the server sent a bad header: %v", err)
				continue
			}
			return
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Result json.RawMessage `json:"result"`
			Error  *rpcError       `json:"error"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("the server sent bad JSON %q: %v", body, err)
			continue
		}
		if m.Method != "" {
			c.mu.Lock()
			c.notes = append(c.notes, note{m.Method, m.Params, m.ID})
			c.mu.Unlock()
			c.signal()
			continue
		}
		c.responseChan(string(m.ID)) <- reply{m.Result, m.Error}
	}
}

func (c *testClient) signal() {
	select {
	case c.noteCh <- struct{}{}:
	default:
	}
}

func (c *testClient) responseChan(id string) chan reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.responses[id]
	if ch == nil {
		ch = make(chan reply, 16)
		c.responses[id] = ch
	}
	return ch
}

func (c *testClient) raw(s string) {
	c.t.Helper()
	if _, err := c.w.Write([]byte(s)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// send writes a message with a correct header and waits for the reply to
// id (a JSON value), if id is not "".
func (c *testClient) send(body, id string) reply {
	c.t.Helper()
	c.raw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
	if id == "" {
		return reply{}
	}
	return c.wait(id)
}

func (c *testClient) wait(id string) reply {
	c.t.Helper()
	select {
	case r := <-c.responseChan(id):
		return r
	case <-time.After(testTimeout):
		c.t.Fatalf("no reply to id %s; log:\n%s", id, c.log())
	}
	return reply{}
}

func (c *testClient) call(method string, params any) reply {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		c.t.Fatalf("write: %v", err)
	}
	return c.wait(fmt.Sprint(id))
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *testClient) initialize(root string) {
	c.t.Helper()
	r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root), "capabilities": map[string]any{}})
	if r.Error != nil {
		c.t.Fatalf("initialize: %v", r.Error)
	}
	var res struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
				Save      struct {
					IncludeText bool `json:"includeText"`
				} `json:"save"`
			} `json:"textDocumentSync"`
			CodeActionProvider     any `json:"codeActionProvider"`
			ExecuteCommandProvider struct {
				Commands []string `json:"commands"`
			} `json:"executeCommandProvider"`
		} `json:"capabilities"`
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		c.t.Fatalf("initialize result %s: %v", r.Result, err)
	}
	caps := res.Capabilities
	if !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != 1 || caps.TextDocumentSync.Save.IncludeText ||
		caps.CodeActionProvider == nil || fmt.Sprint(caps.ExecuteCommandProvider.Commands) != "[fixlint.upgrade]" {
		c.t.Fatalf("capabilities: %s", r.Result)
	}
	c.notify("initialized", map[string]any{})
}

func (c *testClient) shutdown() {
	c.t.Helper()
	if r := c.call("shutdown", nil); r.Error != nil {
		c.t.Fatalf("shutdown: %v", r.Error)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve after shutdown and exit: %v", err)
		}
		c.done <- err // for the cleanup
	case <-time.After(testTimeout):
		c.t.Fatalf("the server did not exit")
	}
}

func (c *testClient) open(path string) {
	c.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	lang := "go"
	if filepath.Base(path) == "go.mod" {
		lang = "go.mod"
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": pathToURI(path), "languageId": lang, "version": 1, "text": string(data)}})
}

func (c *testClient) save(path string) {
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
}

// nextNote waits for the first notification after index from with method
// and a matching condition; it returns the notification and its index.
func (c *testClient) nextNote(from int, method string, match func(json.RawMessage) bool) (json.RawMessage, int) {
	c.t.Helper()
	deadline := time.After(testTimeout)
	for {
		c.mu.Lock()
		notes, closed := c.notes, c.closed
		c.mu.Unlock()
		for i := from; i < len(notes); i++ {
			if notes[i].Method == method && match(notes[i].Params) {
				return notes[i].Params, i + 1
			}
		}
		if closed {
			c.t.Fatalf("the server closed the stream while waiting for %s; log:\n%s", method, c.log())
		}
		select {
		case <-c.noteCh:
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s; log:\n%s", method, c.log())
		}
	}
}

func (c *testClient) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// diagnostics waits for the next publishDiagnostics for path after mark.
func (c *testClient) diagnostics(mark int, path string) ([]Diagnostic, int) {
	c.t.Helper()
	uri := pathToURI(path)
	raw, next := c.nextNote(mark, "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d PublishDiagnosticsParams
		return json.Unmarshal(p, &d) == nil && d.URI == uri
	})
	var d struct {
		URI         string        `json:"uri"`
		Diagnostics *[]Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(raw, &d); err != nil || d.Diagnostics == nil {
		c.t.Fatalf("bad publishDiagnostics %s: %v", raw, err)
	}
	return *d.Diagnostics, next
}

// checked waits for the log message that ends a check.
func (c *testClient) checked(mark int) int {
	c.t.Helper()
	_, next := c.nextNote(mark, "window/logMessage", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "fixlint: checked ")
	})
	return next
}

func (c *testClient) log() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, n := range c.notes {
		fmt.Fprintf(&b, "  %s %s\n", n.Method, clip(string(n.Params), 600))
	}
	return b.String()
}

func (c *testClient) logMessages(mark int) []LogMessageParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []LogMessageParams
	for _, n := range c.notes[mark:] {
		if n.Method == "window/logMessage" {
			var m LogMessageParams
			json.Unmarshal(n.Params, &m)
			out = append(out, m)
		}
	}
	return out
}

func (c *testClient) codeActions(path string, r Range, ctxDiags []Diagnostic) []CodeAction {
	c.t.Helper()
	if ctxDiags == nil {
		ctxDiags = []Diagnostic{}
	}
	rep := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(path)},
		"range":        r,
		"context":      map[string]any{"diagnostics": ctxDiags},
	})
	if rep.Error != nil {
		c.t.Fatalf("codeAction: %v", rep.Error)
	}
	var actions []CodeAction
	if err := json.Unmarshal(rep.Result, &actions); err != nil {
		c.t.Fatalf("codeAction result %s: %v", rep.Result, err)
	}
	return actions
}

// demo copies testdata/demo, vendored dependencies and all, to a temporary
// workspace, and sets the environment to build it offline.
func demo(t *testing.T) (root, mod string) {
	t.Helper()
	return demoAt(t, t.TempDir())
}

// demoAt is demo with the workspace folder root.
func demoAt(t *testing.T, root string) (_, mod string) {
	t.Helper()
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	mod = filepath.Join(root, "demo")
	if err := os.CopyFS(mod, os.DirFS(filepath.Join("..", "..", "testdata", "demo"))); err != nil {
		t.Fatal(err)
	}
	return root, mod
}

// demoModuleCache gives the demo's upgrade plans a module cache of their
// own, filled from a file proxy with the demo's vendored stubs at the
// versions it requires and at resty's fixed v2.16.5 (the same stub): a
// plan works from the module cache alone, and the test must not depend on
// what the machine's cache happens to hold.
func demoModuleCache(t *testing.T, mod string) {
	t.Helper()
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	for _, m := range []struct{ path, version, vendored string }{
		{"github.com/getkin/kin-openapi", "v0.143.0", "github.com/getkin/kin-openapi"},
		{"github.com/go-resty/resty/v2", "v2.16.3", "github.com/go-resty/resty/v2"},
		{"github.com/go-resty/resty/v2", "v2.16.5", "github.com/go-resty/resty/v2"},
	} {
		files := make(map[string][]byte)
		src := filepath.Join(mod, "vendor", filepath.FromSlash(m.vendored))
		err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(src, p)
			files[filepath.ToSlash(rel)] = data
			return err
		})
		if err == nil {
			err = proxy.Add(m.path, m.version, files)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	t.Cleanup(func() { // the go command makes the cache read-only
		filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o777)
			}
			return nil
		})
	})
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOSUMDB", "off")
	cmd := exec.Command("go", "mod", "download", "github.com/getkin/kin-openapi@v0.143.0", "github.com/go-resty/resty/v2@v2.16.3", "github.com/go-resty/resty/v2@v2.16.5")
	cmd.Dir = t.TempDir() // outside the demo: its go.mod and go.sum stay as they are
	cmd.Env = append(os.Environ(), "GOPROXY="+proxy.URL(), "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
}

func find(diags []Diagnostic, code string, line int) *Diagnostic {
	for i := range diags {
		if diags[i].Code == code && diags[i].Range.Start.Line == line {
			return &diags[i]
		}
	}
	return nil
}

func actionTitles(actions []CodeAction) string {
	var s []string
	for _, a := range actions {
		s = append(s, a.Title)
	}
	return strings.Join(s, " | ")
}

func findAction(actions []CodeAction, prefix string) *CodeAction {
	for i := range actions {
		if strings.HasPrefix(actions[i].Title, prefix) {
			return &actions[i]
		}
	}
	return nil
}

func TestDemoDiagnosticsAndActions(t *testing.T) {
	root, mod := demo(t)
	demoModuleCache(t, mod)
	mainGo, goMod := filepath.Join(mod, "main.go"), filepath.Join(mod, "go.mod")
	c := startServer(t, Options{Tests: true})
	c.initialize(root)

	m := c.mark()
	c.open(mainGo)
	diags, _ := c.diagnostics(m, mainGo)
	// main.go:17:23-17:25, the "" of client.SetAuthScheme(""): 0-based
	// line 16, columns 22-24.
	call := find(diags, "FIX-0002", 16)
	if call == nil {
		t.Fatalf("no FIX-0002 diagnostic at main.go line 17: %+v\nlog:\n%s", diags, c.log())
	}
	want := Range{Start: Position{16, 22}, End: Position{16, 24}}
	// A call site that triggers a card: an error, whatever the card's
	// severity (low here), as in SARIF.
	if call.Range != want || call.Severity != severityError || call.Source != "fixlint" ||
		call.CodeDescription == nil || call.CodeDescription.Href != "https://github.com/go-resty/resty/pull/956" ||
		!strings.Contains(call.Message, `SetAuthScheme("") does not remove the scheme`) {
		t.Errorf("call-site diagnostic = %+v, want range %v, severity 1, source fixlint, href the resty PR", *call, want)
	}
	if d := find(diags, "FIX-0003", 21); d == nil || d.Severity != severityError {
		t.Errorf("want the FIX-0003 call-site diagnostic at line 22 as an error; got %+v", diags)
	}
	if d := find(diags, "FIX-0002", 10); d == nil || d.Range.Start.Character != 1 {
		t.Errorf("want the FIX-0002 import diagnostic at 11:2; got %+v", diags)
	}
	modDiags, _ := c.diagnostics(m, goMod)
	if d := find(modDiags, "FIX-0002", 9); d == nil || d.Range != (Range{Position{9, 1}, Position{9, 37}}) {
		t.Errorf("want FIX-0002 at go.mod 10:2-10:38; got %+v", modDiags)
	}
	// A require line whose problems the code reaches: a warning, high
	// (FIX-0003) or low (FIX-0002); the error is at the call.
	if d := find(modDiags, "FIX-0003", 8); d == nil || d.Severity != severityWarning {
		t.Errorf("want FIX-0003 at go.mod line 9 as a warning; got %+v", modDiags)
	}
	if d := find(modDiags, "FIX-0002", 9); d == nil || d.Severity != severityWarning {
		t.Errorf("want FIX-0002 at go.mod line 10 as a warning; got %+v", modDiags)
	}
	if d := find(diags, "FIX-0003", 9); d == nil || d.Severity != severityWarning {
		t.Errorf("want the FIX-0003 import diagnostic at line 10 as a warning; got %+v", diags)
	}

	// Opening another file of the module, unchanged since the check, does
	// not check again: its diagnostics are there already.
	m = c.mark()
	c.open(goMod)
	c.codeActions(goMod, Range{}, nil) // the server has handled didOpen
	for _, lm := range c.logMessages(m) {
		if strings.Contains(lm.Message, "checking") {
			t.Errorf("opening go.mod after a check: %s", lm.Message)
		}
	}

	// Code actions at the call site: the cursor at the start of the line,
	// with the line's diagnostics in the context, as Neovim asks.
	actions := c.codeActions(mainGo, Range{Position{16, 0}, Position{16, 0}}, []Diagnostic{*call})
	up := findAction(actions, "Upgrade github.com/go-resty/resty/v2 to v2.16.5 (go get)")
	if up == nil || up.Command == nil || up.Command.Command != "fixlint.upgrade" || up.Edit != nil ||
		fmt.Sprint(up.Command.Arguments) != fmt.Sprint([]any{mod, "github.com/go-resty/resty/v2", "v2.16.5"}) {
		t.Fatalf("no upgrade action for the call site: %s", mustJSON(actions))
	}
	// The title says what the upgrade does once its plan is made, in the
	// background, from the module cache alone.
	if !strings.HasSuffix(up.Title, ": planning what it changes") {
		t.Errorf("upgrade title before the plan: %q", up.Title)
	}
	deadline := time.Now().Add(60 * time.Second)
	for strings.HasSuffix(up.Title, ": planning what it changes") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		up = findAction(c.codeActions(mainGo, Range{Position{16, 0}, Position{16, 0}}, []Diagnostic{*call}), "Upgrade github.com/go-resty/resty/v2")
	}
	if !strings.HasPrefix(up.Title, "Upgrade github.com/go-resty/resty/v2 to v2.16.5 (go get): fixes 1 known problem, ") ||
		!strings.HasSuffix(up.Title, ", breaks nothing in your code") {
		t.Errorf("upgrade title after the plan: %q", up.Title)
	}
	ign := findAction(actions, "Ignore FIX-0002 here")
	if ign == nil || ign.Edit == nil {
		t.Fatalf("no ignore action for the call site: %s", actionTitles(actions))
	}
	edits := ign.Edit.Changes[pathToURI(mainGo)]
	wantEdit := TextEdit{Range: Range{Position{16, 0}, Position{16, 0}}, NewText: "\t//fixlint:ignore FIX-0002 reason\n"}
	if len(edits) != 1 || edits[0] != wantEdit {
		t.Fatalf("ignore edit = %+v, want %+v", edits, wantEdit)
	}
	// The range alone (no context) finds the diagnostic too.
	if a := c.codeActions(mainGo, want, nil); findAction(a, "Ignore FIX-0002 here") == nil || findAction(a, "Upgrade") == nil {
		t.Errorf("code actions for the diagnostic's range: %s", actionTitles(a))
	}
	// A line without findings has no actions.
	if a := c.codeActions(mainGo, Range{Position{14, 0}, Position{14, 0}}, nil); len(a) != 0 {
		t.Errorf("code actions on a line without findings: %s", actionTitles(a))
	}

	// go.mod: the upgrade, and the ignore directive in the require line.
	modActions := c.codeActions(goMod, Range{Position{9, 5}, Position{9, 5}}, nil)
	if a := findAction(modActions, "Upgrade github.com/go-resty/resty/v2 to v2.16.5"); a == nil || a.Command.Arguments[0] != mod {
		t.Errorf("go.mod actions: %s", mustJSON(modActions))
	}
	if a := findAction(modActions, "Ignore FIX-0002 here"); a == nil ||
		mustJSON(a.Edit.Changes[pathToURI(goMod)]) != mustJSON([]TextEdit{{Range{Position{9, 37}, Position{9, 37}}, " // fixlint:ignore FIX-0002 reason"}}) {
		t.Errorf("go.mod ignore action: %s", mustJSON(modActions))
	}

	// Apply the ignore edit and save: the call-site finding goes away.
	src, _ := os.ReadFile(mainGo)
	l := newLines(src)
	off := l.offset(wantEdit.Range.Start)
	src = append(src[:off:off], append([]byte(wantEdit.NewText), src[off:]...)...)
	if err := os.WriteFile(mainGo, src, 0o666); err != nil {
		t.Fatal(err)
	}
	m = c.mark()
	c.save(mainGo)
	diags, _ = c.diagnostics(m, mainGo)
	for _, d := range diags {
		if d.Code == "FIX-0002" && d.Range.Start.Line > 12 || d.Code == "ignore" {
			t.Errorf("after the ignore directive: %+v", d)
		}
	}
	if find(diags, "FIX-0003", 22) == nil {
		t.Errorf("FIX-0003 moved to line 23 should remain: %+v", diags)
	}

	// A file with findings that no longer has any gets an empty list.
	bGo := filepath.Join(mod, "b.go")
	os.WriteFile(bGo, []byte("package main\n\nimport \"github.com/go-resty/resty/v2\"\n\nfunc b() { resty.New().SetAuthScheme(\"\") }\n"), 0o666)
	m = c.mark()
	c.save(bGo)
	if diags, _ := c.diagnostics(m, bGo); find(diags, "FIX-0002", 4) == nil {
		t.Errorf("b.go: %+v", diags)
	}
	os.WriteFile(bGo, []byte("package main\n"), 0o666)
	m = c.mark()
	c.save(bGo)
	if diags, _ := c.diagnostics(m, bGo); len(diags) != 0 {
		t.Errorf("b.go without findings: %+v, want an empty list", diags)
	}

	// Nothing ran go get: that is only the explicit command.
	if data, _ := os.ReadFile(goMod); !bytes.Contains(data, []byte("resty/v2 v2.16.3")) {
		t.Errorf("go.mod changed:\n%s", data)
	}
	c.shutdown()
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestGarbageInput(t *testing.T) {
	c := startServer(t, Options{})
	errCode := func(r reply) int {
		if r.Error == nil {
			return 0
		}
		return r.Error.Code
	}
	// Before initialize, requests are refused and notifications dropped.
	if r := c.send(`{"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}`, "1"); errCode(r) != codeServerNotInitialized {
		t.Errorf("request before initialize: %+v", r)
	}
	// Bad JSON, with a good header.
	if r := c.send(`{"jsonrpc":"2.0","id":2,`, "null"); errCode(r) != codeParseError {
		t.Errorf("bad JSON: %+v", r)
	}
	// A header without Content-Length, a bad Content-Length, a header
	// line that is no header, stray blank lines.
	c.raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n")
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("no Content-Length: %+v", r)
	}
	c.raw("Content-Length: lots\r\n\r\n")
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("bad Content-Length: %+v", r)
	}
	c.raw("\r\n\r\nhello there\r\n\r\n")
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("garbage header: %+v", r)
	}
	// A body after a bad header, running into the next message's header.
	body := `{"jsonrpc":"2.0","id":3,"method":"nosuch"}`
	c.raw(fmt.Sprintf("Content-Length: x\r\n\r\n{garbage}Content-Length: %d\r\n\r\n%s", len(body), body))
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("bad header before a message: %+v", r)
	}
	if r := c.wait("3"); errCode(r) != codeServerNotInitialized {
		t.Errorf("the message after garbage: %+v", r)
	}
	// Two Content-Length headers that disagree: the message is bad, and
	// the next one is still read (the longer length swallowed it).
	body = `{"jsonrpc":"2.0","id":6,"method":"nosuch"}`
	c.raw(fmt.Sprintf("Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s", len(body), len(body)+60, body))
	c.send(`{"jsonrpc":"2.0","id":7,"method":"nosuch"}`, "")
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("conflicting Content-Length: %+v", r)
	}
	if r := c.wait("7"); errCode(r) != codeServerNotInitialized {
		t.Errorf("the message after conflicting Content-Length headers: %+v", r)
	}
	// Equal ones are no problem.
	body = `{"jsonrpc":"2.0","id":8,"method":"nosuch"}`
	c.raw(fmt.Sprintf("Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s", len(body), len(body), body))
	if r := c.wait("8"); errCode(r) != codeServerNotInitialized {
		t.Errorf("repeated Content-Length: %+v", r)
	}
	// A very long header line.
	c.raw(strings.Repeat("x", 200<<10) + "\r\n\r\n")
	if r := c.wait("null"); errCode(r) != codeParseError {
		t.Errorf("long garbage line: %+v", r)
	}
	// Valid JSON that is no request.
	for i, bad := range []string{`[1,2]`, `null`, `"hi"`, `{"jsonrpc":"1.0","id":4,"method":"initialize"}`, `{"jsonrpc":"2.0","id":{"a":1},"method":"x"}`, `{"jsonrpc":"2.0","id":5,"method":7}`} {
		id := "null"
		if strings.Contains(bad, `"id":4`) {
			id = "4"
		} else if strings.Contains(bad, `"id":5`) {
			id = "5"
		}
		if r := c.send(bad, id); errCode(r) != codeInvalidRequest {
			t.Errorf("%d: %s: %+v", i, bad, r)
		}
	}

	root := t.TempDir()
	c.initialize(root)
	if r := c.call("initialize", map[string]any{}); errCode(r) != codeInvalidRequest {
		t.Errorf("second initialize: %+v", r)
	}
	if r := c.call("no/such/method", map[string]any{}); errCode(r) != codeMethodNotFound {
		t.Errorf("unknown method: %+v", r)
	}
	c.notify("no/such/notification", map[string]any{})
	c.notify("$/cancelRequest", map[string]any{"id": 1})
	// Params of the wrong shape.
	if r := c.call("textDocument/codeAction", []int{1, 2}); errCode(r) != codeInvalidParams {
		t.Errorf("bad params: %+v", r)
	}
	if r := c.call("textDocument/codeAction", nil); errCode(r) != codeInvalidParams {
		t.Errorf("no params: %+v", r)
	}
	c.notify("textDocument/didOpen", "nonsense")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "http://example.com/x.go"}})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///%zz"}})
	// A response from the client to nothing is ignored.
	c.send(`{"jsonrpc":"2.0","id":99,"result":null}`, "")
	// The server still works.
	if a := c.codeActions(filepath.Join(root, "x.go"), Range{}, nil); len(a) != 0 {
		t.Errorf("code actions in an empty workspace: %+v", a)
	}
	c.shutdown()
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(t.TempDir())
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
		c.done <- err
	case <-time.After(testTimeout):
		t.Fatal("no exit")
	}
}

func TestRequestsAfterShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(t.TempDir())
	if r := c.call("shutdown", nil); r.Error != nil || string(r.Result) != "null" {
		t.Fatalf("shutdown: %+v", r)
	}
	if r := c.call("textDocument/codeAction", map[string]any{}); r.Error == nil || r.Error.Code != codeInvalidRequest {
		t.Errorf("a request after shutdown: %+v", r)
	}
	c.notify("exit", nil)
}

// fakeGo writes a go command that records its arguments and directory.
func fakeGo(t *testing.T, fail bool) (cmd, record string) {
	t.Helper()
	dir := t.TempDir()
	record = filepath.Join(dir, "record")
	status := 0
	if fail {
		status = 1
	}
	script := fmt.Sprintf("#!/bin/sh\necho \"$PWD $*\" >> %s\necho 'go: upgraded' >&2\nexit %d\n", record, status)
	cmd = filepath.Join(dir, "go")
	if err := os.WriteFile(cmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return cmd, record
}

func TestUpgradeCommand(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs /bin/sh for a fake go command")
	}
	root, mod := demo(t)
	goCmd, record := fakeGo(t, false)
	c := startServer(t, Options{GoCommand: goCmd})
	c.initialize(root)
	m := c.mark()
	c.open(filepath.Join(mod, "main.go"))
	c.checked(m)
	if _, err := os.Stat(record); err == nil {
		t.Fatal("go ran before the command")
	}

	exec := func(args ...any) reply {
		return c.call("workspace/executeCommand", map[string]any{"command": "fixlint.upgrade", "arguments": args})
	}
	m = c.mark()
	if r := exec(mod, "github.com/go-resty/resty/v2", "v2.16.5"); r.Error != nil || string(r.Result) != "null" {
		t.Fatalf("upgrade: %+v", r)
	}
	got, _ := os.ReadFile(record)
	if want := mod + " get github.com/go-resty/resty/v2@v2.16.5\n"; string(got) != want {
		t.Errorf("go ran as %q, want %q", got, want)
	}
	c.checked(m) // the module is checked again

	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "go.mod"), []byte("module x\n"), 0o666)
	for _, bad := range [][]any{
		{outside, "github.com/go-resty/resty/v2", "v2.16.5"},                      // outside the workspace
		{"demo", "github.com/go-resty/resty/v2", "v2.16.5"},                       // relative
		{filepath.Join(mod, "vendor"), "github.com/go-resty/resty/v2", "v2.16.5"}, // no go.mod
		{mod, "-modfile=x", "v1.0.0"},                                             // a flag
		{mod, "github.com/go-resty/resty/v2", "-x"},                               // a flag
		{mod, "github.com/go-resty/resty/v2", "v3.0.0"},                           // the wrong major version
		{mod, "github.com/go-resty/resty/v2"},                                     // too few
		{mod, 1, "v2.16.5"},                                                       // not a string
	} {
		if r := exec(bad...); r.Error == nil || r.Error.Code != codeInvalidParams {
			t.Errorf("upgrade %v: %+v", bad, r)
		}
	}
	if r := c.call("workspace/executeCommand", map[string]any{"command": "rm", "arguments": []any{"-rf"}}); r.Error == nil {
		t.Errorf("an unknown command succeeded")
	}
	if got2, _ := os.ReadFile(record); !bytes.Equal(got, got2) {
		t.Errorf("go ran for a bad command: %q", got2)
	}
	c.shutdown()
}

func TestUpgradeCommandFails(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs /bin/sh for a fake go command")
	}
	root, mod := demo(t)
	goCmd, _ := fakeGo(t, true)
	c := startServer(t, Options{GoCommand: goCmd})
	c.initialize(root)
	r := c.call("workspace/executeCommand", map[string]any{"command": "fixlint.upgrade", "arguments": []any{mod, "github.com/go-resty/resty/v2", "v2.16.5"}})
	if r.Error == nil || r.Error.Code != codeRequestFailed || !strings.Contains(r.Error.Message, "go: upgraded") {
		t.Errorf("a failing go get: %+v", r)
	}
	c.shutdown()
}

func TestBrokenWorkspace(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	root := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A malformed go.mod.
	bad := write("bad/go.mod", "module example.com/bad\n\nrequire (\n\tthis is not\n")
	write("bad/main.go", "package main\n\nfunc main() {}\n")
	// Type errors.
	typed := write("typed/main.go", "package main\n\nvar x int = \"s\"\n\nfunc main() { undefined() }\n")
	write("typed/go.mod", "module example.com/typed\n\ngo 1.22\n")

	c := startServer(t, Options{})
	c.initialize(root)
	for _, file := range []string{bad, typed} {
		m := c.mark()
		c.open(file)
		c.checked(m)
		var errs int
		for _, lm := range c.logMessages(m) {
			if lm.Type == messageError {
				errs++
			}
		}
		if errs == 0 {
			t.Errorf("%s: no error logged; log:\n%s", file, c.log())
		}
	}
	if a := c.codeActions(typed, Range{}, nil); len(a) != 0 {
		t.Errorf("actions: %+v", a)
	}
	c.shutdown()
}

func TestOutsideWorkspace(t *testing.T) {
	root, mod := demo(t)
	_ = root
	c := startServer(t, Options{})
	c.initialize(filepath.Join(mod, "vendor")) // the workspace holds no module
	m := c.mark()
	c.open(filepath.Join(mod, "main.go"))
	c.open(filepath.Join(mod, "go.mod"))
	c.nextNote(m, "window/logMessage", func(p json.RawMessage) bool { return strings.Contains(string(p), "outside the workspace") })
	time.Sleep(200 * time.Millisecond)
	for _, n := range c.logMessages(m) {
		if strings.Contains(n.Message, "fixlint: checked ") {
			t.Errorf("checked a module outside the workspace: %s", n.Message)
		}
	}
	if a := c.codeActions(filepath.Join(mod, "main.go"), Range{Position{16, 0}, Position{16, 30}}, nil); len(a) != 0 {
		t.Errorf("actions outside the workspace: %+v", a)
	}
	c.shutdown()
}

func TestSuggestedFixAction(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	card, err := filepath.Abs(filepath.Join("..", "..", "testdata", "seeds", "SEED-0000.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	files := map[string]string{
		"go.mod":             "module example.com/app\n\ngo 1.22\n\nrequire example.com/webclient v0.13.0\n",
		"vendor/modules.txt": "# example.com/webclient v0.13.0\n## explicit; go 1.22\nexample.com/webclient\n",
		"vendor/example.com/webclient/webclient.go": "package webclient\n\ntype WSGITransport struct{ App any }\n\n// Deprecated: use WSGITransport.\ntype WSGIDispatch = WSGITransport\n",
		// "é" is two bytes and one UTF-16 unit; "𝄞" four bytes and two.
		"app.go": "package app\n\nimport \"example.com/webclient\"\n\nvar s, t = \"é𝄞\", &webclient.WSGIDispatch{}\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	app := filepath.Join(root, "app.go")
	c := startServer(t, Options{Config: analyzer.Config{Rules: []string{card}}})
	c.initialize(root)
	m := c.mark()
	c.open(app)
	diags, _ := c.diagnostics(m, app)
	// The diagnostic's UTF-16 columns are 3 less than its byte columns:
	// "é𝄞" is 6 bytes and 3 UTF-16 units.
	line := "var s, t = \"é𝄞\", &webclient.WSGIDispatch{}"
	start := strings.Index(line, "WSGIDispatch") - 3
	want := Range{Position{4, start}, Position{4, start + len("WSGIDispatch")}}
	d := find(diags, "SEED-0000", 4)
	if d == nil || d.Range != want {
		t.Fatalf("SEED-0000 diagnostic: %+v, want range %v; log:\n%s", diags, want, c.log())
	}
	actions := c.codeActions(app, want, nil)
	fix := findAction(actions, "Replace WSGIDispatch with WSGITransport")
	if fix == nil || !fix.IsPreferred || mustJSON(fix.Edit.Changes[pathToURI(app)]) != mustJSON([]TextEdit{{want, "WSGITransport"}}) {
		t.Errorf("suggested fix action: %s", mustJSON(actions))
	}
	if findAction(actions, "Ignore SEED-0000 here") == nil {
		t.Errorf("no ignore action: %s", actionTitles(actions))
	}
	c.shutdown()
}

func TestPositions(t *testing.T) {
	text := []byte("ab\né𝄞x\r\n\tz\n")
	l := newLines(text)
	for _, tc := range []struct {
		line, col int
		want      Position
	}{
		{1, 1, Position{0, 0}},
		{1, 3, Position{0, 2}},
		{1, 99, Position{0, 2}}, // clamped to the line
		{2, 1, Position{1, 0}},
		{2, 3, Position{1, 1}}, // after é (2 bytes)
		{2, 7, Position{1, 3}}, // after 𝄞 (4 bytes, 2 units)
		{2, 8, Position{1, 4}}, // after x
		{2, 9, Position{1, 4}}, // \r is not text
		{2, 5, Position{1, 1}}, // inside 𝄞: its start
		{3, 2, Position{2, 1}}, // a tab is one unit
		{4, 1, Position{3, 0}}, // the empty last line
		{9, 1, Position{3, 0}}, // past the end
		{0, 0, Position{0, 0}}, // unknown
	} {
		if got := l.fromLineCol(tc.line, tc.col); got != tc.want {
			t.Errorf("fromLineCol(%d, %d) = %v, want %v", tc.line, tc.col, got, tc.want)
		}
	}
	for _, tc := range []struct {
		off  int
		want Position
	}{
		{0, Position{0, 0}},
		{3, Position{1, 0}},
		{5, Position{1, 1}},
		{6, Position{1, 1}}, // inside 𝄞: its start
		{9, Position{1, 3}},
		{10, Position{1, 4}},
		{11, Position{1, 4}}, // the \n after \r
		{12, Position{2, 0}},
		{len(text), Position{3, 0}},
		{99, Position{3, 0}},
	} {
		if got := l.fromOffset(tc.off); got != tc.want {
			t.Errorf("fromOffset(%d) = %v, want %v", tc.off, got, tc.want)
		}
	}
	for _, tc := range []struct {
		p    Position
		want int
	}{
		{Position{1, 0}, 3},
		{Position{1, 1}, 5},
		{Position{1, 2}, 9}, // inside 𝄞's surrogate pair: after it
		{Position{1, 3}, 9},
		{Position{1, 99}, 10},
		{Position{9, 0}, len(text)},
	} {
		if got := l.offset(tc.p); got != tc.want {
			t.Errorf("offset(%v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}

func TestURIs(t *testing.T) {
	for _, p := range []string{"/tmp/a b/c.go", "/x/ü/@v1.2/go.mod", "/"} {
		uri := pathToURI(p)
		back, err := uriToPath(uri)
		if err != nil || back != p {
			t.Errorf("%s -> %s -> %s, %v", p, uri, back, err)
		}
	}
	if got := pathToURI("/tmp/a b/c.go"); got != "file:///tmp/a%20b/c.go" {
		t.Errorf("pathToURI = %s", got)
	}
	for _, bad := range []string{"http://x/y", "file://host/x", "file:rel", "%zz", "untitled:Untitled-1"} {
		if p, err := uriToPath(bad); err == nil {
			t.Errorf("uriToPath(%q) = %q, want an error", bad, p)
		}
	}
	if !within("/a/b", "/a") || !within("/a", "/a") || within("/ab", "/a") || within("/a/../b", "/a") || within("/", "/a") {
		t.Error("within")
	}
}

func TestReaderFraming(t *testing.T) {
	in := "Content-Length: 2\r\n\r\n{}" +
		"content-length:3\n\n[1]" + // lower case, bare newlines
		"Content-Length: 2\r\nX-Other: y\r\n\r\n{}" +
		"Content-Length: 5\r\n\r\n{}"
	r := newReader(strings.NewReader(in))
	for i, want := range []string{"{}", "[1]", "{}"} {
		got, err := r.read()
		if err != nil || string(got) != want {
			t.Fatalf("%d: %q, %v", i, got, err)
		}
	}
	if _, err := r.read(); err != io.ErrUnexpectedEOF {
		t.Errorf("truncated body: %v", err)
	}
	if _, err := newReader(strings.NewReader("")).read(); err != io.EOF {
		t.Errorf("empty stream: %v", err)
	}
}

// A panic in a handler fails that message only.
func TestHandlerPanic(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	s := &server{
		opts:  Options{Log: io.Discard, Debounce: time.Millisecond},
		out:   &writer{w: &out},
		state: stateRunning,
		roots: []root{{dir: dir, canon: canonical(dir)}},
		docs:  make(map[string]*document),
		// A nil check result makes codeAction dereference nil, and a nil
		// pending map makes didSave's scheduling write to it.
		runs: map[string]*runResult{"x": nil},
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o666)
	uri := pathToURI(filepath.Join(dir, "a.go"))
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"` + uri + `"}}}`,
		`{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"` + uri + `"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}`,
	} {
		if done, err := s.handle([]byte(body)); done || err != nil {
			t.Fatalf("handle = %v, %v", done, err)
		}
	}
	r := newReader(&out)
	var sawInternal, sawLog int
	for {
		body, err := r.read()
		if err != nil {
			break
		}
		switch {
		case strings.Contains(string(body), `"id":7`) && strings.Contains(string(body), fmt.Sprint(codeInternalError)):
			sawInternal++
		case strings.Contains(string(body), "internal error handling a message"):
			sawLog++
		}
	}
	if sawInternal != 1 || sawLog != 2 {
		t.Errorf("internal error replies %d (want 1), logged panics %d (want 2):\n%s", sawInternal, sawLog, out.String())
	}
}

func TestIndexFold(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{
		{"Content-Length: 5", 0},
		{"xxCONTENT-length: 5", 2},
		{"\x8e\xf0\x94\xda\xdb\xed\xba\x89Content-LEngth:", 8}, // invalid UTF-8 before it
		{"Content-Lengt", -1},
		{"", -1},
	} {
		if got := indexFold(tt.s, "content-length:"); got != tt.want {
			t.Errorf("indexFold(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// TestTypeErrorBesideTrigger: a file with a type error right after a
// triggering call. The analyzer panicked on it in a checker goroutine,
// which no recover covered, and the server died on open. Now the type
// error is logged, the call site's diagnostic is still published, and the
// server keeps serving after a save.
func TestTypeErrorBesideTrigger(t *testing.T) {
	root, mod := demo(t)
	mainGo := filepath.Join(mod, "main.go")
	data, err := os.ReadFile(mainGo)
	if err != nil {
		t.Fatal(err)
	}
	const call = "client.SetAuthScheme(\"\")\n"
	if err := os.WriteFile(mainGo, []byte(strings.Replace(string(data), call, call+"\tundefinedFunc()\n", 1)), 0o666); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, Options{})
	c.initialize(root)
	var d *Diagnostic
	for i, step := range []func(){func() { c.open(mainGo) }, func() { c.save(mainGo) }} {
		m := c.mark()
		step()
		diags, _ := c.diagnostics(m, mainGo)
		if d = find(diags, "FIX-0002", 16); d == nil {
			t.Errorf("step %d: no FIX-0002 diagnostic at main.go:17: %+v\nlog:\n%s", i, diags, c.log())
		}
		c.checked(m)
		logged := false
		for _, lm := range c.logMessages(m) {
			if lm.Type == messageError && strings.Contains(lm.Message, "undefined: undefinedFunc") {
				logged = true
			}
			if strings.Contains(lm.Message, "internal error") {
				t.Errorf("step %d: %s", i, lm.Message)
			}
		}
		if !logged {
			t.Errorf("step %d: the type error was not logged:\n%s", i, c.log())
		}
	}
	if d == nil {
		t.FailNow()
	}
	if a := c.codeActions(mainGo, d.Range, []Diagnostic{*d}); findAction(a, "Ignore FIX-0002") == nil {
		t.Errorf("code actions after the save: %s; want the ignore action", actionTitles(a))
	}
	c.shutdown()
}
