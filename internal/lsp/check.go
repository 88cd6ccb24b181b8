package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/report"
)

// runResult is one check of one module directory, in workspace paths.
type runResult struct {
	dir     string
	started time.Time
	files   map[string][]*entry          // diagnostics by file
	texts   map[string]*lines            // the files' text as checked
	modules []report.Finding             // module-level findings (go.mod)
	edits   map[string][]engine.FileEdit // suggested fixes by file
}

// entry is a published diagnostic and the finding it came from.
type entry struct {
	diag    Diagnostic
	finding report.Finding // Position.File is the workspace path
	run     *runResult
}

// schedule asks for a check of a module directory after the debounce delay;
// opens and saves in quick succession make one check.
func (s *server) schedule(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateRunning {
		return
	}
	s.pending[dir] = true
	if s.timer == nil {
		s.timer = time.AfterFunc(s.opts.Debounce, func() {
			select {
			case s.kick <- struct{}{}:
			default:
			}
		})
	} else {
		s.timer.Reset(s.opts.Debounce)
	}
}

// worker runs the scheduled checks, one at a time.
func (s *server) worker() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.kick:
		}
		s.mu.Lock()
		dirs := sortedKeys(s.pending)
		clear(s.pending)
		s.mu.Unlock()
		for _, dir := range dirs {
			if s.ctx.Err() != nil {
				return
			}
			s.check(dir)
		}
	}
}

// check runs the engine in a module directory and publishes its findings.
func (s *server) check(dir string) {
	defer func() {
		if r := recover(); r != nil {
			s.logf(messageError, "internal error checking %s: %v", dir, r)
		}
	}()
	progress := s.startProgress("fixlint", "checking ./... in "+dir)
	defer progress.end("") // after a panic or at shutdown
	s.goMu.Lock()
	start := time.Now()
	cfg := s.opts.Config
	cfg.OSV = s.checkOSV()
	res := runEngine(s.ctx, dir, engine.Options{Config: cfg, Tests: s.opts.Tests, Tags: s.opts.Tags, Progress: progress.report})
	s.goMu.Unlock()
	if s.ctx.Err() != nil {
		return // shut down: the results are incomplete
	}
	rr := s.collect(dir, res)
	rr.started = start
	const maxErrs = 20
	for i, e := range res.Errs {
		if i == maxErrs {
			s.logf(messageError, "%s: %d more errors", dir, len(res.Errs)-maxErrs)
			break
		}
		s.logf(messageError, "%s: %v", dir, e)
	}
	n := 0
	for _, es := range rr.files {
		n += len(es)
	}
	s.logf(messageInfo, "checked %s in %v: %s in %s, %s",
		dir, time.Since(start).Round(time.Millisecond), report.Count(n, "diagnostic"), report.Count(len(rr.files), "file"), report.Count(len(res.Errs), "error"))
	summary := report.Count(n, "finding") + " in " + report.Count(len(rr.files), "file")
	if len(res.Errs) > 0 {
		summary += "; " + report.Count(len(res.Errs), "error") + " (in the log)"
	}
	progress.end(summary)
	for _, p := range s.install(rr) {
		s.notify("textDocument/publishDiagnostics", p)
	}
}

// runMu serializes engine runs in the process: a run type-checks a whole
// module, and two at once would only slow each other down.
var runMu sync.Mutex

func runEngine(ctx context.Context, dir string, opts engine.Options) (res *engine.Result) {
	runMu.Lock()
	defer runMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			res = &engine.Result{Errs: []error{fmt.Errorf("internal error: %v", r)}}
		}
	}()
	opts.Dir = dir
	return engine.Run(ctx, opts, []string{"./..."})
}

// collect turns a run's findings into diagnostics, leaving out files
// outside the workspace.
func (s *server) collect(dir string, res *engine.Result) *runResult {
	rr := &runResult{
		dir:   dir,
		files: make(map[string][]*entry),
		texts: make(map[string]*lines),
		edits: make(map[string][]engine.FileEdit),
	}
	text := func(path string) *lines {
		l, ok := rr.texts[path]
		if !ok {
			if data, err := os.ReadFile(path); err == nil {
				l = newLines(data)
			}
			rr.texts[path] = l
		}
		return l
	}
	resolve := func(file string) (string, bool) {
		if file == "" {
			return "", false
		}
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		return s.local(file)
	}
	for _, f := range res.Findings {
		path, ok := resolve(f.Position.File)
		if !ok {
			continue
		}
		f.Position.File = path
		e := &entry{finding: f, run: rr, diag: diagnostic(f, text(path))}
		rr.files[path] = append(rr.files[path], e)
		if f.Level == report.ModuleLevel {
			rr.modules = append(rr.modules, f)
		}
	}
	for _, e := range res.Edits {
		path, ok := resolve(e.File)
		if !ok {
			continue
		}
		e.File = path
		text(path)
		rr.edits[path] = append(rr.edits[path], e)
	}
	return rr
}

// diagnostic converts a finding; l is the file's text, nil if unreadable.
func diagnostic(f report.Finding, l *lines) Diagnostic {
	p := f.Position
	conv := func(line, col int) Position {
		if l == nil {
			return Position{Line: max(line-1, 0), Character: max(col-1, 0)}
		}
		return l.fromLineCol(line, col)
	}
	r := Range{Start: conv(p.Line, p.Col)}
	r.End = r.Start
	if p.EndLine > 0 {
		if end := conv(p.EndLine, p.EndCol); !end.before(r.Start) {
			r.End = end
		}
	}
	d := Diagnostic{
		Range:    r,
		Severity: severity(f),
		Code:     f.Card,
		Source:   "fixlint",
		Message:  f.Message,
	}
	if f.URL != "" {
		d.CodeDescription = &CodeDescription{Href: f.URL}
	}
	return d
}

// severity is a finding's mark in the editor, from how close it is to the
// code, as in SARIF (cmd/fixlint's resultLevel): a call that reaches a
// known problem is an error, an import of an affected package a warning, a
// module that is only required information, so that an error marks code
// that reaches a problem, not every record of a module in the build list.
// How bad the problem is (the card's severity) shows on hover, not in the
// mark: the same finding is not an error in one tool and a warning in
// another.
//
//	call site (symbol)   error
//	import (package)     warning
//	go.mod (module)      information; a warning where the code
//	                     reaches or imports one of the line's problems
//	                     (byPlace; the line is where the go get goes)
//	go.mod, unused       hint
//
// Notes about fixlint's own input are information. A module that go.mod
// requires but that provides no package to the workspace's packages is a
// hint: its code is not built, and editors show hints faintly or not at all.
func severity(f report.Finding) int {
	switch f.Level {
	case report.SymbolLevel:
		return severityError
	case report.PackageLevel:
		return severityWarning
	case report.UnusedLevel:
		return severityHint
	}
	return severityInformation
}

// install makes rr the latest check of its directory and returns the
// diagnostics to publish: for every file with findings in it or in the
// check it replaces (an empty list clears a file). A file's diagnostics are
// those of every module's latest check (a go.mod shows in each workspace
// module's build list).
func (s *server) install(rr *runResult) []PublishDiagnosticsParams {
	s.mu.Lock()
	defer s.mu.Unlock()
	files := make(map[string]bool)
	if old := s.runs[rr.dir]; old != nil {
		for path := range old.files {
			files[path] = true
		}
	}
	for path := range rr.files {
		files[path] = true
	}
	s.runs[rr.dir] = rr
	var all []report.Finding
	for _, run := range s.runs {
		for _, es := range run.files {
			for _, e := range es {
				all = append(all, e.finding)
			}
		}
	}
	reach := report.NewReach(all)
	var out []PublishDiagnosticsParams
	for _, path := range sortedKeys(files) {
		out = append(out, PublishDiagnosticsParams{URI: s.uriFor(path), Diagnostics: byPlace(s.entries(path), reach)})
	}
	return out
}

// entries returns a file's diagnostics over all checks, without
// duplicates. s.mu is held.
func (s *server) entries(path string) []*entry {
	type key struct {
		r          Range
		code, text string
	}
	seen := make(map[key]bool)
	var out []*entry
	for _, dir := range sortedKeys(s.runs) {
		for _, e := range s.runs[dir].files[path] {
			k := key{e.diag.Range, e.diag.Code, e.diag.Message}
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// byPlace returns the diagnostics of entries, one per place: the findings
// of one module at one require line or import become one diagnostic, as
// in text output (report.Reach.Merge says how), so that an x/net require
// line with twenty records is one mark, not twenty. The entries stay apart
// for hover, which shows every card at the place, and for code actions.
// reach holds what the checks reached and imported, across files.
func byPlace(entries []*entry, reach report.Reach) []Diagnostic {
	type key struct {
		r               Range
		level           report.Level
		module, version string
	}
	groups := make(map[key][]*entry)
	var order []key
	var single []*entry
	for _, e := range entries {
		f := e.finding
		if f.Level == report.ModuleLevel && reach.Nearer(f) {
			e.diag.Severity = min(e.diag.Severity, severityWarning)
		}
		if !report.Mergeable(f) {
			single = append(single, e)
			continue
		}
		k := key{e.diag.Range, f.Level, f.Module, f.Version}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	diags := []Diagnostic{}
	for _, e := range single {
		diags = append(diags, e.diag)
	}
	for _, k := range order {
		g := groups[k]
		if len(g) == 1 {
			diags = append(diags, g[0].diag)
			continue
		}
		fds := make([]report.Finding, len(g))
		worst := g[0].diag.Severity
		for i, e := range g {
			fds[i] = e.finding
			worst = min(worst, e.diag.Severity) // 1 is error
		}
		m := reach.Merge(fds)
		d := g[0].diag
		d.Message, d.Severity, d.CodeDescription = m.Message, worst, nil
		diags = append(diags, d)
	}
	return diags
}
