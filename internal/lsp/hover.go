package lsp

import (
	"strings"
	"sync"

	"github.com/fixlint/fixlint/rules"
)

// hover shows, for the findings whose range holds the position, the
// finding and its card in full, as fixlint explain prints it; nil (no
// hover) where there is no finding.
func (s *server) hover(p TextDocumentPositionParams) *Hover {
	path, ok := s.workspacePath(p.TextDocument.URI)
	if !ok {
		return nil
	}
	s.mu.Lock()
	var hits []*entry
	for _, e := range s.entries(path) {
		r := e.diag.Range
		if !p.Position.before(r.Start) && !r.End.before(p.Position) {
			hits = append(hits, e)
		}
	}
	s.mu.Unlock()
	if len(hits) == 0 {
		return nil
	}
	cat := s.catalog()
	var b strings.Builder
	rng := hits[0].diag.Range
	for i, e := range hits {
		if i > 0 {
			b.WriteString("\n---\n\n")
		}
		b.WriteString("**fixlint " + escapeMarkdown(e.finding.Card) + "**: " + escapeMarkdown(e.finding.Message) + "\n\n")
		if cat == nil {
			continue
		}
		if card := cat.CardOf(e.finding.Card, e.finding.Module); card != nil {
			rules.WriteMarkdown(&b, card, "#")
		}
	}
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &rng}
}

// markdownEscaper escapes what markdown would read as markup in a
// finding's text: "(*http2.Transport).RoundTrip > (*tls.Conn).Write" must
// not turn italic, nor "<token>" into an HTML tag.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`,
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// catalog is the server's catalog of cards: the configuration does not
// change while the server runs, but the OSV database of the checks may (an
// update of fixlint osv update's copy), so it is built again when that
// changes. Problems with card files reach the user with each check.
func (s *server) catalog() *rules.Catalog {
	osv := s.lastOSV()
	s.catMu.Lock()
	defer s.catMu.Unlock()
	if s.cat == nil || s.catOSV != osv {
		cfg := s.opts.Config
		cfg.OSV = osv
		s.cat, _ = cfg.Catalog()
		s.catOSV = osv
	}
	return s.cat
}

// catalogState is embedded in server.
type catalogState struct {
	catMu  sync.Mutex
	cat    *rules.Catalog
	catOSV string // the OSV database cat was built with
}
