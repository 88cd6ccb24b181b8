package lsp

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// serverRequest waits for the server's next request of method after mark
// and returns its id and params.
func (c *testClient) serverRequest(mark int, method string) (id, params json.RawMessage, next int) {
	c.t.Helper()
	_, next = c.nextNote(mark, method, func(json.RawMessage) bool { return true })
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.notes[next-1]
	if n.ID == nil {
		c.t.Fatalf("%s came as a notification, want a request", method)
	}
	return n.ID, n.Params, next
}

// progressKinds returns the kinds of the $/progress notifications after
// mark, checking that they all carry token.
func (c *testClient) progressKinds(mark int, token string) (kinds, messages []string) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.notes[mark:] {
		if n.Method != "$/progress" {
			continue
		}
		var p struct {
			Token string
			Value struct{ Kind, Message string }
		}
		if err := json.Unmarshal(n.Params, &p); err != nil || p.Token != token {
			c.t.Errorf("$/progress %s: want token %q", n.Params, token)
		}
		kinds = append(kinds, p.Value.Kind)
		messages = append(messages, p.Value.Message)
	}
	return kinds, messages
}

// TestProgressLateGrant: the check does not wait for the client's answer
// to window/workDoneProgress/create. The diagnostics come while the request
// is unanswered; the grant that follows gets a begin and the end (with the
// count), so that the client closes the progress it opened.
func TestProgressLateGrant(t *testing.T) {
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
	id, params, _ := c.serverRequest(m, "window/workDoneProgress/create")
	var p struct{ Token string }
	if err := json.Unmarshal(params, &p); err != nil || p.Token == "" {
		t.Fatalf("create params %s", params)
	}
	diags, next := c.diagnostics(m, mainGo)
	if find(diags, "FIX-0002", 16) == nil {
		t.Fatalf("no FIX-0002 at main.go:17: %+v", diags)
	}
	if kinds, _ := c.progressKinds(m, p.Token); len(kinds) > 0 {
		t.Errorf("$/progress %v before the client granted the token", kinds)
	}
	if err := c.out.write(map[string]any{"jsonrpc": "2.0", "id": id, "result": nil}); err != nil {
		t.Fatal(err)
	}
	c.nextNote(next, "$/progress", func(raw json.RawMessage) bool { return strings.Contains(string(raw), `"end"`) })
	kinds, messages := c.progressKinds(m, p.Token)
	if strings.Join(kinds, " ") != "begin end" || !strings.Contains(messages[1], "findings in") {
		t.Errorf("after a late grant: %v %q, want begin and end with the count", kinds, messages)
	}
	c.shutdown()
}

// TestProgressNotAsked: a client that does not say window.workDoneProgress
// gets no token request and no $/progress.
func TestProgressNotAsked(t *testing.T) {
	root, mod := demo(t)
	mainGo := filepath.Join(mod, "main.go")
	c := startServer(t, Options{Tests: true})
	c.initialize(root) // capabilities: {}
	m := c.mark()
	c.open(mainGo)
	c.diagnostics(m, mainGo)
	c.checked(m)
	c.shutdown()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.notes {
		if n.Method == "window/workDoneProgress/create" || n.Method == "$/progress" {
			t.Errorf("%s to a client without work-done progress: %s", n.Method, n.Params)
		}
	}
}

// TestProgressUnanswered: a client that leaves maxUnanswered token
// requests unanswered is asked no more, and the log says so once.
func TestProgressUnanswered(t *testing.T) {
	var out bytes.Buffer
	s := &server{opts: Options{Log: io.Discard}, out: &writer{w: &out}, progress: true, waiting: make(map[string]*progressReporter)}
	for i := 0; i < maxUnanswered; i++ {
		p := s.startProgress("fixlint", "checking")
		if p == nil {
			t.Fatalf("request %d not sent", i+1)
		}
		p.report("loading")
		p.end("done")
	}
	if n := strings.Count(out.String(), "window/workDoneProgress/create"); n != maxUnanswered {
		t.Fatalf("%d token requests sent, want %d:\n%s", n, maxUnanswered, out.String())
	}
	if strings.Contains(out.String(), "$/progress") {
		t.Errorf("$/progress without a granted token:\n%s", out.String())
	}
	out.Reset()
	for i := 0; i < 2; i++ {
		if p := s.startProgress("fixlint", "checking"); p != nil {
			t.Fatalf("a token request beyond %d unanswered ones", maxUnanswered)
		}
	}
	if n := strings.Count(out.String(), "has not answered"); n != 1 {
		t.Errorf("the log said %d times that the client does not answer, want once:\n%s", n, out.String())
	}
	// A late answer to the first request still closes its progress.
	s.replied(&incoming{ID: json.RawMessage(`"fixlint-1"`)})
	if got := out.String(); !strings.Contains(got, `"kind":"begin"`) || !strings.Contains(got, `"kind":"end","message":"done"`) || strings.Contains(got, `"kind":"report"`) {
		t.Errorf("after a late grant of an ended check: %s", got)
	}
}
