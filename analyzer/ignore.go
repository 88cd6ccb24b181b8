package analyzer

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/internal/directive"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// An ignore directive silences findings of the named cards on its own line
// and on the line below it:
//
//	//fixlint:ignore FIX-0002 the client never has a token here
//	//fixlint:ignore FIX-0002,FIX-0004 reason
//
// The reason is required; a directive without one suppresses nothing. A
// directive that silenced nothing is reported, so that ignores do not
// outlive the problem they were written for.
type ignoreDirective struct {
	pos    token.Pos
	end    token.Pos
	file   string
	line   int
	ids    []string
	reason string
	used   map[string]bool
}

type ignores struct {
	dirs []*ignoreDirective
	bad  []analysis.Diagnostic
}

func collectIgnores(pass *analysis.Pass) *ignores {
	ig := &ignores{}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				ig.add(pass.Fset, c)
			}
		}
	}
	return ig
}

func (ig *ignores) add(fset *token.FileSet, c *ast.Comment) {
	d, ok := directive.ParseGo(c.Text)
	if !ok {
		return
	}
	if !d.Valid() {
		ig.bad = append(ig.bad, analysis.Diagnostic{
			Pos: c.Pos(), End: c.End(), Category: "ignore",
			Message: directive.Malformed("//"),
		})
		return
	}
	p := fset.Position(c.Pos())
	ig.dirs = append(ig.dirs, &ignoreDirective{
		pos: c.Pos(), end: c.End(), file: p.Filename, line: p.Line,
		ids: d.IDs, reason: d.Reason, used: make(map[string]bool),
	})
}

// suppresses reports whether a directive covers a finding of card id at
// pos, and marks the directive used.
func (ig *ignores) suppresses(fset *token.FileSet, pos token.Pos, id string) bool {
	p := fset.Position(pos)
	hit := false
	for _, d := range ig.dirs {
		if d.file != p.Filename || (p.Line != d.line && p.Line != d.line+1) {
			continue
		}
		for _, x := range d.ids {
			if x == id {
				d.used[x] = true
				hit = true
			}
		}
	}
	return hit
}

// problems returns diagnostics for malformed and unused directives.
func (ig *ignores) problems(cat *rules.Catalog) []analysis.Diagnostic {
	out := ig.bad
	for _, d := range ig.dirs {
		for _, id := range d.ids {
			if d.used[id] {
				continue
			}
			msg := directive.Unused(id, report.IgnorableKind(id) || cat.Knows(id), "this line or the next")
			out = append(out, analysis.Diagnostic{Pos: d.pos, End: d.end, Category: "ignore", Message: msg})
		}
	}
	return out
}
