package lsp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// progressReporter sends $/progress for one check, when the client
// accepted the token; every method is a no-op otherwise, so a client that
// refuses (or never answers) changes nothing about the check.
type progressReporter struct {
	s     *server
	token string // "" when there is no progress to report
}

// createWait bounds the wait for the client's answer to
// window/workDoneProgress/create: a check never waits longer for it.
const createWait = 2 * time.Second

// startProgress asks the client for a progress token and begins the
// progress with title; without client support, or when the client
// refuses or does not answer within createWait, it reports nothing.
func (s *server) startProgress(title, message string) *progressReporter {
	s.mu.Lock()
	if !s.progress {
		s.mu.Unlock()
		return &progressReporter{}
	}
	s.requests++
	n := s.requests
	id := "fixlint-" + strconv.Itoa(n)
	reply := make(chan bool, 1)
	s.waiting[id] = reply
	s.mu.Unlock()

	token := fmt.Sprintf("fixlint/check/%d", n)
	s.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": "window/workDoneProgress/create",
		"params": map[string]any{"token": token}})
	ok := false
	select {
	case ok = <-reply:
	case <-time.After(createWait):
	case <-s.ctx.Done():
	}
	s.mu.Lock()
	delete(s.waiting, id)
	s.mu.Unlock()
	if !ok {
		return &progressReporter{}
	}
	p := &progressReporter{s: s, token: token}
	p.send(WorkDoneProgressBegin{Kind: "begin", Title: title, Message: message})
	return p
}

// replied hands a reply to the request that awaits it; replies nobody
// awaits (late, or to an id the server never used) are dropped.
func (s *server) replied(msg *incoming) {
	if msg == nil {
		return
	}
	var id string
	if json.Unmarshal(msg.ID, &id) != nil {
		return // the server's ids are strings
	}
	s.mu.Lock()
	ch := s.waiting[id]
	delete(s.waiting, id)
	s.mu.Unlock()
	if ch != nil {
		ch <- !msg.Failed
	}
}

func (p *progressReporter) report(message string) {
	if p.token != "" {
		p.send(WorkDoneProgressReport{Kind: "report", Message: message})
	}
}

func (p *progressReporter) end(message string) {
	if p.token != "" {
		p.send(WorkDoneProgressEnd{Kind: "end", Message: message})
		p.token = ""
	}
}

func (p *progressReporter) send(v any) {
	p.s.notify("$/progress", ProgressParams{Token: p.token, Value: v})
}
