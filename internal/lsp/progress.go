package lsp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
)

// progressReporter sends $/progress for one check. The server asks the
// client for a token (window/workDoneProgress/create) and checks on
// without waiting for the answer: until the client grants the token, the
// reporter keeps the begin and the latest report; the grant sends them,
// and the end too if the check is over by then (so that the client does
// not keep a progress that never ends). A client that refuses, or never
// answers, gets nothing, and the check is neither slower nor different.
// A nil reporter (no client support) does nothing.
type progressReporter struct {
	s     *server
	token string

	mu     sync.Mutex
	state  progressState
	begin  WorkDoneProgressBegin
	last   string // the latest report, kept while the token is asked for
	ended  bool
	endMsg string
}

type progressState int

const (
	progressAsked progressState = iota
	progressGranted
	progressRefused
)

// maxUnanswered is how many window/workDoneProgress/create requests may
// await an answer: a client that leaves that many unanswered is asked
// again only once it answers one (so the server keeps no more of them).
const maxUnanswered = 4

// startProgress asks the client for a token for a progress titled title,
// beginning with message; nil when the client does not take
// window/workDoneProgress/create or has not answered the earlier requests.
func (s *server) startProgress(title, message string) *progressReporter {
	s.mu.Lock()
	if !s.progress {
		s.mu.Unlock()
		return nil
	}
	if len(s.waiting) >= maxUnanswered {
		s.mu.Unlock()
		s.warnUnanswered.Do(func() {
			s.logf(messageWarning, "the client has not answered %d window/workDoneProgress/create requests; no progress is reported until it does", maxUnanswered)
		})
		return nil
	}
	s.requests++
	n := s.requests
	id := "fixlint-" + strconv.Itoa(n)
	p := &progressReporter{
		s:     s,
		token: fmt.Sprintf("fixlint/check/%d", n),
		begin: WorkDoneProgressBegin{Kind: "begin", Title: title, Message: message},
	}
	s.waiting[id] = p
	s.mu.Unlock()
	s.send(request{JSONRPC: "2.0", ID: id, Method: "window/workDoneProgress/create", Params: WorkDoneProgressCreateParams{Token: p.token}})
	return p
}

// replied hands the client's answer to the request that awaits it;
// answers nobody awaits (to an id the server never used, or twice) are
// dropped.
func (s *server) replied(msg *incoming) {
	if msg == nil {
		return
	}
	var id string
	if json.Unmarshal(msg.ID, &id) != nil {
		return // the server's ids are strings
	}
	s.mu.Lock()
	p := s.waiting[id]
	delete(s.waiting, id)
	edit := s.edits[id]
	delete(s.edits, id)
	s.mu.Unlock()
	if p != nil {
		p.answered(!msg.Failed)
	}
	if edit != nil {
		edit <- msg // buffered: the asker may have given up
	}
}

// answered records the client's answer to the token request and sends
// what the check has reported so far.
func (p *progressReporter) answered(granted bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != progressAsked {
		return
	}
	if !granted {
		p.state = progressRefused
		return
	}
	p.state = progressGranted
	p.send(p.begin)
	if p.last != "" && !p.ended {
		p.send(WorkDoneProgressReport{Kind: "report", Message: p.last})
	}
	if p.ended {
		p.send(WorkDoneProgressEnd{Kind: "end", Message: p.endMsg})
	}
}

// report says what the check is doing now.
func (p *progressReporter) report(message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.ended:
	case p.state == progressAsked:
		p.last = message
	case p.state == progressGranted:
		p.send(WorkDoneProgressReport{Kind: "report", Message: message})
	}
}

// end ends the progress; only the first call counts.
func (p *progressReporter) end(message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return
	}
	p.ended, p.endMsg = true, message
	if p.state == progressGranted {
		p.send(WorkDoneProgressEnd{Kind: "end", Message: message})
	}
}

// send is called with p.mu held, so that the notifications of one token
// go out in order whichever goroutine sends them.
func (p *progressReporter) send(v any) {
	p.s.notify("$/progress", ProgressParams{Token: p.token, Value: v})
}
