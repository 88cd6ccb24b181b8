package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/directive"
	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/report"
)

// codeActions offers, for each fixlint diagnostic in the range (or named in
// the context): the upgrade of its module (a command: go get runs only when
// the user picks it), the analyzer's suggested fix (an edit), and an ignore
// directive (an edit).
func (s *server) codeActions(p CodeActionParams) []CodeAction {
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 {
		ok := false
		for _, k := range p.Context.Only {
			if k == kindQuickFix || k == "" || strings.HasPrefix(kindQuickFix, k+".") {
				ok = true
			}
		}
		if !ok {
			return actions
		}
	}
	path, ok := s.workspacePath(p.TextDocument.URI)
	if !ok {
		return actions
	}
	s.mu.Lock()
	var matched []*entry
	for _, e := range s.entries(path) {
		if e.diag.Range.intersects(p.Range) || inContext(e.diag, p) {
			matched = append(matched, e)
		}
	}
	uri := s.uriFor(path)
	var current *lines // the text the editor has, for directive edits
	if doc := s.docs[path]; doc != nil {
		current = newLines(doc.text)
	}
	s.mu.Unlock()
	if current == nil && len(matched) > 0 {
		data, err := os.ReadFile(path)
		if err != nil {
			return actions
		}
		current = newLines(data)
	}

	seen := make(map[string]bool)
	add := func(key string, a CodeAction) {
		if !seen[key] {
			seen[key] = true
			actions = append(actions, a)
		}
	}
	for _, e := range matched {
		diags := []Diagnostic{e.diag}
		if dir, mod, version, ok := s.upgradeFor(e); ok {
			add("upgrade\x00"+dir+"\x00"+mod+"\x00"+version, CodeAction{
				Title:       s.upgradeTitle(dir, mod, version),
				Kind:        kindQuickFix,
				Diagnostics: diags,
				Command: &Command{
					Title:     fmt.Sprintf("go get %s@%s", mod, version),
					Command:   upgradeCommand,
					Arguments: []any{dir, mod, version},
				},
			})
		}
		if title, edits := suggestedFix(e, path); len(edits) > 0 {
			add("fix\x00"+fmt.Sprint(edits), CodeAction{
				Title:       title,
				Kind:        kindQuickFix,
				Diagnostics: diags,
				IsPreferred: true,
				Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{uri: edits}},
			})
		}
		if edit, ok := ignoreEdit(e, path, current); ok {
			add(fmt.Sprintf("ignore\x00%s\x00%d", e.finding.Card, e.diag.Range.Start.Line), CodeAction{
				Title:       fmt.Sprintf("Ignore %s here", e.finding.Card),
				Kind:        kindQuickFix,
				Diagnostics: diags,
				Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{uri: {edit}}},
			})
		}
	}
	return actions
}

// inContext reports whether the client named the diagnostic in the
// request's context (clients send the diagnostics of the cursor's line).
func inContext(d Diagnostic, p CodeActionParams) bool {
	for _, c := range p.Context.Diagnostics {
		if c.Message != d.Message || c.Range.Start.Line != d.Range.Start.Line {
			continue
		}
		var code string
		if len(c.Code) == 0 || json.Unmarshal(c.Code, &code) != nil || code == "" || code == d.Code {
			return true
		}
	}
	return false
}

// upgradeFor returns the go get that a finding recommends: a module
// finding's own, or for an import or a call site, that of the go.mod
// finding of the same module (the same card's if there is one, else the
// highest version).
func (s *server) upgradeFor(e *entry) (dir, mod, version string, ok bool) {
	f := e.finding
	if f.Module == "" {
		return "", "", "", false
	}
	var best *report.Finding
	if (f.Level == report.ModuleLevel || f.Level == report.UnusedLevel) && f.Fixed != "" {
		best = &f
	} else {
		for i := range e.run.modules {
			m := &e.run.modules[i]
			if m.Module != f.Module || m.Fixed == "" {
				continue
			}
			if m.Card == f.Card {
				best = m
				break
			}
			if best == nil || semver.Compare(m.Fixed, best.Fixed) > 0 {
				best = m
			}
		}
	}
	if best == nil {
		return "", "", "", false
	}
	dir = e.run.dir
	if filepath.Base(best.Position.File) == "go.mod" {
		dir = filepath.Dir(best.Position.File)
	}
	if _, inside := s.local(dir); !inside || module.Check(best.Module, best.Fixed) != nil {
		return "", "", "", false
	}
	return dir, best.Module, best.Fixed, true
}

// suggestedFix returns the analyzer's edits that fall in the diagnostic's
// range, converted with the text the check saw.
func suggestedFix(e *entry, path string) (string, []TextEdit) {
	l := e.run.texts[path]
	if l == nil {
		return "", nil
	}
	p := e.finding.Position
	start := l.byteOffset(p.Line, p.Col)
	end := start
	if p.EndLine > 0 {
		end = max(l.byteOffset(p.EndLine, p.EndCol), start)
	}
	var picked []engine.FileEdit
	for _, fe := range e.run.edits[path] {
		if fe.Start < start || fe.End > end || fe.End < fe.Start || fe.End > len(l.text) {
			continue
		}
		dup := false
		for _, q := range picked {
			if q.Start == fe.Start && q.End == fe.End && bytes.Equal(q.Text, fe.Text) {
				dup = true
			}
		}
		if !dup {
			picked = append(picked, fe)
		}
	}
	if len(picked) == 0 {
		return "", nil
	}
	var edits []TextEdit
	for _, fe := range picked {
		edits = append(edits, TextEdit{
			Range:   Range{Start: l.fromOffset(fe.Start), End: l.fromOffset(fe.End)},
			NewText: string(fe.Text),
		})
	}
	title := fmt.Sprintf("Apply fixlint's suggested fix for %s (%s)", e.finding.Card, report.Count(len(picked), "edit"))
	if len(picked) == 1 {
		fe := picked[0]
		old := string(l.text[fe.Start:fe.End])
		switch {
		case old == "":
			title = fmt.Sprintf("Insert %q", clip(string(fe.Text), 40))
		case len(fe.Text) == 0:
			title = fmt.Sprintf("Delete %q", clip(old, 40))
		default:
			title = fmt.Sprintf("Replace %s with %s", clip(old, 40), clip(string(fe.Text), 40))
		}
	}
	return title, edits
}

// ignoreEdit inserts a fixlint:ignore directive for the diagnostic's card:
// in a Go file on a new line above it (or into a directive already there),
// in go.mod in the comment of the require line.
func ignoreEdit(e *entry, path string, l *lines) (TextEdit, bool) {
	card := e.finding.Card
	if l == nil || card == "" || card == "ignore" || card == "card-error" || strings.ContainsAny(card, " \t,") {
		return TextEdit{}, false
	}
	line := e.diag.Range.Start.Line
	if line >= len(l.starts) {
		return TextEdit{}, false
	}
	text := l.line(line)
	insertAt := func(line, b int, s string) (TextEdit, bool) {
		pos := Position{Line: line, Character: utf16Len(l.line(line)[:b])}
		return TextEdit{Range: Range{Start: pos, End: pos}, NewText: s}, true
	}
	switch {
	case strings.HasSuffix(path, ".go"):
		if line > 0 {
			prev := l.line(line - 1)
			trimmed := bytes.TrimLeft(prev, " \t")
			if d, ok := directive.ParseGo(string(trimmed)); ok && bytes.HasPrefix(trimmed, []byte("//")) && d.Valid() {
				for _, id := range d.IDs {
					if id == card {
						return TextEdit{}, false
					}
				}
				b := len(prev) - len(trimmed) + idsEnd(trimmed)
				return insertAt(line-1, b, ","+card)
			}
		}
		indent := text[:len(text)-len(bytes.TrimLeft(text, " \t"))]
		nl := "\n"
		if bytes.HasSuffix(l.text[l.starts[line]:min(l.starts[line]+len(text)+1, len(l.text))], []byte("\r")) {
			nl = "\r\n"
		}
		return insertAt(line, 0, string(indent)+"//"+directive.Prefix+" "+card+" reason"+nl)
	case filepath.Base(path) == "go.mod":
		if i := bytes.Index(text, []byte(directive.Prefix)); i >= 0 {
			d, _ := directive.ParseGoMod(string(text))
			for _, id := range d.IDs {
				if id == card {
					return TextEdit{}, false
				}
			}
			return insertAt(line, i+idsEnd(text[i:]), ","+card)
		}
		end := len(bytes.TrimRight(text, " \t"))
		if bytes.Contains(text, []byte("//")) {
			return insertAt(line, end, "; "+directive.Prefix+" "+card+" reason")
		}
		return insertAt(line, end, " // "+directive.Prefix+" "+card+" reason")
	}
	return TextEdit{}, false
}

// idsEnd returns the byte index just after the card IDs of a directive
// that starts text (after any "//").
func idsEnd(text []byte) int {
	i := bytes.Index(text, []byte(directive.Prefix))
	if i < 0 {
		return len(text)
	}
	i += len(directive.Prefix)
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	for i < len(text) && text[i] != ' ' && text[i] != '\t' {
		i++
	}
	return i
}

// byteOffset converts a 1-based line and byte column to an offset.
func (l *lines) byteOffset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.text)
	}
	return l.starts[line-1] + min(max(col-1, 0), len(l.line(line-1)))
}

// executeCommand runs fixlint.upgrade: go get module@version in a module
// directory of the workspace. It replies when go get is done, and checks
// the module again.
func (s *server) executeCommand(id json.RawMessage, p ExecuteCommandParams) (any, *rpcError) {
	if p.Command != upgradeCommand {
		return nil, errorf(codeInvalidParams, "unknown command %q", p.Command)
	}
	if len(p.Arguments) != 3 {
		return nil, errorf(codeInvalidParams, "%s wants 3 arguments (module directory, module path, version), not %d", upgradeCommand, len(p.Arguments))
	}
	var args [3]string
	for i, raw := range p.Arguments {
		if err := json.Unmarshal(raw, &args[i]); err != nil {
			return nil, errorf(codeInvalidParams, "%s: argument %d is not a string", upgradeCommand, i+1)
		}
	}
	dirArg, mod, version := args[0], args[1], args[2]
	if !filepath.IsAbs(dirArg) {
		return nil, errorf(codeInvalidParams, "%s: %q is not an absolute directory", upgradeCommand, dirArg)
	}
	dir, ok := s.local(dirArg)
	if !ok {
		return nil, errorf(codeInvalidParams, "%s: %s is outside the workspace", upgradeCommand, dirArg)
	}
	if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil || !fi.Mode().IsRegular() {
		return nil, errorf(codeInvalidParams, "%s: %s has no go.mod", upgradeCommand, dir)
	}
	if err := module.Check(mod, version); err != nil || strings.HasPrefix(mod, "-") || !semver.IsValid(version) {
		return nil, errorf(codeInvalidParams, "%s: not a module version: %s@%s", upgradeCommand, mod, version)
	}
	if id == nil {
		return nil, errorf(codeInvalidRequest, "%s must be a request, not a notification", upgradeCommand)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				s.logf(messageError, "internal error in %s: %v", upgradeCommand, r)
				s.replyError(id, errorf(codeInternalError, "internal error: %v", r))
			}
		}()
		arg := mod + "@" + version
		plan := s.madePlan(dir, mod, version) // before go get changes go.mod
		s.logf(messageInfo, "go get %s (in %s)", arg, dir)
		s.goMu.Lock()
		ctx, cancel := context.WithTimeout(s.ctx, 10*time.Minute)
		cmd := exec.CommandContext(ctx, s.opts.GoCommand, "get", arg)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		cancel()
		s.goMu.Unlock()
		if len(out) > 0 {
			s.logf(messageInfo, "go get %s: %s", arg, strings.TrimSpace(string(out)))
		}
		if err != nil {
			msg := strings.TrimSpace(string(out))
			if msg == "" {
				msg = err.Error()
			}
			s.logf(messageError, "go get %s failed: %v", arg, err)
			s.replyError(id, errorf(codeRequestFailed, "go get %s: %s", arg, clip(msg, 2000)))
			return
		}
		if plan != nil && len(plan.Migrations) > 0 {
			s.migrate(plan)
		}
		s.reply(id, nil)
		s.schedule(dir)
	}()
	return deferred, nil
}
