package lsp

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/rules"
)

// explainText is what fixlint explain prints for an embedded card.
func explainText(t *testing.T, id string) string {
	t.Helper()
	cat, errs := rules.NewCatalog(rules.Embedded())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	card := cat.Card(id)
	if card == nil {
		t.Fatalf("no card %s", id)
	}
	var b strings.Builder
	rules.WriteMarkdown(&b, card, "#")
	return strings.TrimSpace(b.String())
}

// TestHoverAndProgress: a client that takes work-done progress gets a
// window/workDoneProgress/create request and begin, report and end
// notifications for a check; a hover on a finding shows the finding and
// its card as fixlint explain prints it, and a hover elsewhere nothing.
func TestHoverAndProgress(t *testing.T) {
	root, mod := demo(t)
	mainGo := filepath.Join(mod, "main.go")
	c := startServer(t, Options{Tests: true})
	r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root),
		"capabilities": map[string]any{"window": map[string]any{"workDoneProgress": true}}})
	if r.Error != nil || !strings.Contains(string(r.Result), `"hoverProvider":true`) {
		t.Fatalf("initialize: %s %v", r.Result, r.Error)
	}
	c.notify("initialized", map[string]any{})

	m := c.mark()
	c.open(mainGo)
	// The server asks for a token first; the client grants it.
	var token string
	_, next := c.nextNote(m, "window/workDoneProgress/create", func(p json.RawMessage) bool {
		var v struct{ Token string }
		return json.Unmarshal(p, &v) == nil && v.Token != ""
	})
	c.mu.Lock()
	req := c.notes[next-1]
	c.mu.Unlock()
	var params struct{ Token string }
	json.Unmarshal(req.Params, &params)
	token = params.Token
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "id": req.ID, "result": nil}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for next := next; ; {
		raw, n := c.nextNote(next, "$/progress", func(json.RawMessage) bool { return true })
		next = n
		var p struct {
			Token string
			Value struct{ Kind, Title, Message string }
		}
		if err := json.Unmarshal(raw, &p); err != nil || p.Token != token {
			t.Fatalf("$/progress %s: token %q, want %q (%v)", raw, p.Token, token, err)
		}
		kinds = append(kinds, p.Value.Kind)
		if p.Value.Kind == "begin" && p.Value.Title != "fixlint" {
			t.Errorf("begin title %q", p.Value.Title)
		}
		if p.Value.Kind == "end" {
			if !strings.Contains(p.Value.Message, "findings in") {
				t.Errorf("end message %q", p.Value.Message)
			}
			break
		}
	}
	if len(kinds) < 3 || kinds[0] != "begin" || kinds[1] != "report" {
		t.Errorf("progress kinds %v, want begin, report..., end", kinds)
	}
	diags, _ := c.diagnostics(m, mainGo)
	if find(diags, "FIX-0002", 16) == nil {
		t.Fatalf("no FIX-0002 at main.go:17: %+v", diags)
	}

	hover := func(line, char int) *Hover {
		t.Helper()
		r := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(mainGo)},
			"position": map[string]any{"line": line, "character": char}})
		if r.Error != nil {
			t.Fatalf("hover: %v", r.Error)
		}
		var h *Hover
		if err := json.Unmarshal(r.Result, &h); err != nil {
			t.Fatalf("hover result %s: %v", r.Result, err)
		}
		return h
	}
	// main.go:17:23, the "" of client.SetAuthScheme("").
	h := hover(16, 23)
	if h == nil || h.Contents.Kind != "markdown" ||
		!strings.HasPrefix(h.Contents.Value, "**fixlint FIX-0002**: SetAuthScheme(\"\") does not remove the scheme") ||
		!strings.Contains(h.Contents.Value, explainText(t, "FIX-0002")) ||
		!strings.Contains(h.Contents.Value, `"Bearer \<token\>"`) {
		t.Errorf("hover on the call site = %+v\nwant the finding, then the card as fixlint explain FIX-0002 prints it", h)
	}
	if h := hover(2, 0); h != nil {
		t.Errorf("hover where there is no finding = %+v, want null", h)
	}
	c.shutdown()
}

// TestProgressRefused: a client that answers window/workDoneProgress/create
// with an error gets no $/progress, and the check goes on.
func TestProgressRefused(t *testing.T) {
	root, mod := demo(t)
	mainGo := filepath.Join(mod, "main.go")
	c := startServer(t, Options{Tests: true})
	if r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root),
		"capabilities": map[string]any{"window": map[string]any{"workDoneProgress": true}}}); r.Error != nil {
		t.Fatal(r.Error)
	}
	c.notify("initialized", map[string]any{})
	m := c.mark()
	c.open(mainGo)
	_, next := c.nextNote(m, "window/workDoneProgress/create", func(json.RawMessage) bool { return true })
	c.mu.Lock()
	id := c.notes[next-1].ID
	c.mu.Unlock()
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "id": id, "error": map[string]any{"code": -32603, "message": "no"}}); err != nil {
		t.Fatal(err)
	}
	diags, _ := c.diagnostics(m, mainGo)
	if find(diags, "FIX-0002", 16) == nil {
		t.Fatalf("no FIX-0002 at main.go:17: %+v", diags)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.notes[m:] {
		if n.Method == "$/progress" {
			t.Errorf("$/progress after the client refused the token: %s", n.Params)
		}
	}
}

// TestEscapeMarkdown: a finding's text is shown as written, not as markup.
func TestEscapeMarkdown(t *testing.T) {
	got := escapeMarkdown("(*http2.Transport).RoundTrip > (*tls.Conn).Write, `x`, a_b [c]")
	want := "(\\*http2.Transport).RoundTrip \\> (\\*tls.Conn).Write, \\`x\\`, a\\_b \\[c\\]"
	if got != want {
		t.Errorf("escapeMarkdown = %q, want %q", got, want)
	}
}
