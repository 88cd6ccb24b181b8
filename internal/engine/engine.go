// Package engine runs a whole fixlint check outside go vet: the go.mod
// findings of the build list and the analyzer over packages and their
// dependencies. The standalone command and the language server share it.
package engine

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/modcheck"
	"github.com/fixlint/fixlint/internal/published"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// Result is everything a run found.
type Result struct {
	Findings []report.Finding
	Cards    []*rules.Card // the cards the findings name, in order of first mention
	Errs     []error       // bad input; the findings are as complete as it allowed
	Edits    []FileEdit    // the analyzer's suggested fixes
	MainDirs []string      // main module directories
	// Catalog is the run's catalog (Options.Catalog, or Config's), for
	// callers that go on to need cards: -fix's upgrade plans.
	Catalog *rules.Catalog
}

// FileEdit is a suggested fix's text edit, resolved to a file and offsets.
type FileEdit struct {
	File       string
	Start, End int
	Text       []byte
}

// Options configure a run.
type Options struct {
	// Dir is the directory to run in; "" means the current one.
	Dir    string
	Config analyzer.Config
	// Catalog, if set, is Config's catalog, loaded by the caller
	// (Config.Catalog), which reports the problems met loading it.
	Catalog *rules.Catalog
	Tests   bool // also load test files
	// Tags are build tags, as go build -tags takes them: the files they
	// select are checked, and the imports those files make count.
	Tags []string
	// ModulesOnly runs the go.mod check alone, loading no package: every
	// module of the build list that some card applies to is reported,
	// whether or not a package of the build imports it.
	ModulesOnly bool
	// Progress, when set, is told what the run is doing, in a sentence,
	// for a long run's progress line; it is called from Run's goroutine.
	Progress func(msg string)
	// Published says where to read what module authors publish about their
	// modules (retracted versions, deprecations): PublishedCache (the
	// default), PublishedFetch or PublishedOff.
	Published Published
}

// Published says where retractions and deprecations are read from.
type Published string

const (
	// PublishedCache reads the newest go.mod of each module that the module
	// cache holds: no network.
	PublishedCache Published = ""
	// PublishedFetch has the go command fetch each module's latest go.mod
	// into the module cache first (go list -m M@latest): the network.
	PublishedFetch Published = "fetch"
	// PublishedOff reads nothing.
	PublishedOff Published = "off"
)

// Run checks the packages matched by patterns, in the module (or workspace)
// of opts.Dir: the go.mod findings of every module of the build
// list, and the analyzer's findings in the packages.
func Run(ctx context.Context, opts Options, patterns []string) *Result {
	res := &Result{}
	lcat, cardErrs := opts.Catalog, rules.Errors(nil)
	if lcat == nil {
		lcat, cardErrs = opts.Config.Catalog()
		for _, e := range cardErrs {
			res.Errs = append(res.Errs, e)
		}
	}
	res.Catalog = lcat

	// The go command's environment: -mod=readonly for GOFLAGS' -mod=mod, so that no
	// go command of the check writes go.mod or go.sum, and a go.mod,
	// go.work or vendor/modules.txt checked to be a file (the go command
	// would block on a FIFO).
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	env, envErr := gocmd.Prepare(ctx, dir)

	// The build list, from the go command while it also lists the
	// packages.
	type listResult struct {
		list *buildlist.List
		err  error
	}
	listed := make(chan listResult, 1)
	if envErr != nil {
		listed <- listResult{nil, envErr} // reported with the build list's fallback below
	} else {
		go func() {
			defer func() {
				// A panic here must not escape the caller's recover (the
				// language server keeps running after a bad check).
				if p := recover(); p != nil {
					listed <- listResult{nil, fmt.Errorf("internal error loading the build list: %v", p)}
				}
			}()
			list, err := buildlist.LoadEnv(ctx, env)
			listed <- listResult{list, err}
		}()
	}

	// The analyzer, over the packages matched by patterns. Only they are
	// parsed and type-checked from source; their dependencies' types come
	// from export data (compiled by the go command, and cached by it), as
	// under go vet. The analyzer learns every package's module from the
	// import graph that go list gives, instead of from facts, which would
	// need every dependency's syntax.
	var pkgs []*packages.Package
	var err error
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if !opts.ModulesOnly && envErr == nil {
		progress(fmt.Sprintf("loading the packages %s and the build list", strings.Join(patterns, " ")))
		cfg := &packages.Config{Context: ctx, Dir: opts.Dir, Env: env.Environ, Mode: loadMode, Tests: opts.Tests}
		if len(opts.Tags) > 0 {
			cfg.BuildFlags = []string{"-tags=" + strings.Join(opts.Tags, ",")}
		}
		pkgs, err = packages.Load(cfg, patterns...)
		if err != nil {
			res.Errs = append(res.Errs, err)
		}
	}
	lr := <-listed
	var mods analyzer.Modules
	mods.UseCatalog(lcat, cardErrs)
	if env != nil && env.GOOS != "" {
		// go env -w settings are not in our environment.
		mods.SetPlatform(env.GOOS, env.GOARCH)
	}
	var notices map[string]*published.Notice
	if lr.list != nil && opts.Published != PublishedOff {
		var errs []error
		notices, errs = readNotices(ctx, env, lr.list, opts.Published == PublishedFetch)
		res.Errs = append(res.Errs, errs...)
		mods.SetNotices(notices)
	}
	// Whether the packages' imports are all known: a missing import or a
	// file that does not parse hides which modules the build uses, and
	// then no required module is called unused.
	importsKnown := err == nil && !opts.ModulesOnly && envErr == nil && len(pkgs) > 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			res.Errs = append(res.Errs, packageError{e})
			if e.Kind != packages.TypeError {
				importsKnown = false
			}
		}
		var modPath, modVersion, file string
		if p.Module != nil {
			modPath, modVersion = p.Module.Path, p.Module.Version
		}
		if len(p.GoFiles) > 0 {
			file = p.GoFiles[0]
		}
		mods.Add(p.PkgPath, modPath, modVersion, file)
	})
	if lr.list != nil && len(pkgs) > 0 {
		// Calls into dependencies that reach a vulnerable symbol, as go
		// vet finds them with facts.
		rcfg := packages.Config{Dir: opts.Dir, Env: env.Environ, Tests: opts.Tests}
		if len(opts.Tags) > 0 {
			rcfg.BuildFlags = []string{"-tags=" + strings.Join(opts.Tags, ",")}
		}
		if _, err := reachThrough(ctx, rcfg, patterns, lr.list, lcat, &mods, progress); err != nil {
			res.Errs = append(res.Errs, fmt.Errorf("following calls into dependencies (findings of calls that reach vulnerable code through them may be missing): %v", err))
		}
	}
	an := analyzer.NewWithModules(opts.Config, &mods)
	if len(pkgs) > 0 {
		progress(fmt.Sprintf("checking the imports and calls of %s", report.Count(len(pkgs), "package")))
		g, err := checker.Analyze([]*analysis.Analyzer{an}, pkgs, nil)
		if err != nil {
			res.Errs = append(res.Errs, err)
		}
		if g != nil {
			collect(res, g, an)
		}
	}

	// The go.mod check: every module of the build list that go.mod
	// requires or that provides a package, imported or not.
	var provides map[string]bool // nil: every module
	if !opts.ModulesOnly {
		provides = make(map[string]bool)
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Module != nil {
				provides[p.Module.Path] = true
			}
		})
	}
	list := lr.list
	if lr.err != nil {
		// go.mod still says what it requires: report that, marked, with
		// why the build list failed (below); with no go.mod to read, the
		// error alone.
		var errs []error
		if env != nil {
			list, errs = buildlist.Fallback(env, lr.err)
		}
		res.Errs = append(res.Errs, errs...)
		if list == nil {
			res.Errs = append(res.Errs, lr.err)
		}
	}
	if list != nil {
		progress(fmt.Sprintf("checking the go.mod of %s against a build list of %s", report.Count(len(list.Main), "main module"), report.Count(len(list.ByPath)-len(list.Main), "module")))
		switch {
		case list.Fallback:
			res.Errs = append(res.Errs, fmt.Errorf("could not load the build list, so go.mod findings are at the versions go.mod requires: %s", list.Partial))
		case list.Partial != "":
			res.Errs = append(res.Errs, fmt.Errorf("the build list is incomplete, so go.mod findings may be missing: %s", list.Partial))
		}
		for _, m := range list.Main {
			res.MainDirs = append(res.MainDirs, m.Dir)
		}
		fds, errs := modcheck.Check(list, lcat, modcheck.Options{
			Reports: opts.Config.Reports, Provides: provides, Notices: notices,
			UsesKnown:   importsKnown && !list.Fallback && list.Partial == "",
			ReportsKind: func(id string) bool { return opts.Config.ReportsKind(id, kindSeverity[id]) },
		})
		res.Findings = append(res.Findings, fds...)
		res.Errs = append(res.Errs, errs...)
	}

	// Cards that could not be decoded (a corrupt OSV index): findings may
	// be missing. The analyzer shares this catalog (UseCatalog), and says
	// which modules' cards it met problems in.
	for _, e := range lcat.SourceErrors() {
		res.Errs = append(res.Errs, e)
	}
	res.Errs = append(res.Errs, mods.SourceErrors()...)

	// The analyzer's findings name cards that the go.mod check has now
	// decoded (OSV records load lazily): fill in what the cards say.
	for i := range res.Findings {
		fd := &res.Findings[i]
		if fd.Level == report.NoteLevel || fd.Module != "" {
			continue
		}
		if c := lcat.Card(fd.Card); c != nil {
			fd.Severity, fd.Module = string(c.Severity), c.Module
		}
	}
	if list != nil {
		addUpgrades(res.Findings, list, lcat)
	}

	sortFindings(res.Findings)
	res.Findings = dedupe(res.Findings)
	seen := make(map[*rules.Card]bool)
	for _, fd := range res.Findings {
		if c := lcat.CardOf(fd.Card, fd.Module); c != nil && !seen[c] {
			seen[c] = true
			res.Cards = append(res.Cards, c)
		}
	}
	res.Errs = dedupeErrors(res.Errs)
	return res
}

// loadMode loads the root packages from source with types, and the import
// graph with every package's module and files; no dependency's syntax.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedModule | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo

type packageError struct{ e packages.Error }

func (p packageError) Error() string { return p.e.Error() }

// collect turns the analyzer's results on the root packages (the
// findings as data: card, level, module) into findings; with -test a
// package is analyzed twice (with and without its tests), and dedupe keeps
// one of each.
func collect(res *Result, g *checker.Graph, an *analysis.Analyzer) {
	for _, act := range g.Roots {
		if act.Analyzer != an {
			continue
		}
		if act.Err != nil {
			var ie *analyzer.InternalError
			if errors.As(act.Err, &ie) {
				res.Errs = append(res.Errs, act.Err) // names the package already
			} else {
				res.Errs = append(res.Errs, fmt.Errorf("%s: %v", act.Package.PkgPath, act.Err))
			}
			continue
		}
		result, _ := act.Result.(*analyzer.Result)
		if result == nil {
			continue
		}
		for _, f := range result.Findings {
			fd := report.Finding{
				Card:     f.Category,
				Level:    f.Level,
				Severity: string(f.Severity),
				Position: position(act.Package.Fset, f.Pos, f.End),
				Message:  f.Message,
				URL:      f.URL,
			}
			switch {
			case f.Level == report.NoteLevel:
				fd.Severity = "low"
			case f.Card == nil:
				// What module authors publish is about the module, at
				// the import: its module and version.
				fd.Module, fd.Version = f.Module, f.Version
			default:
				fd.Module = f.Card.Module
			}
			res.Findings = append(res.Findings, fd)
			for _, sf := range f.Fixes {
				for _, e := range sf.TextEdits {
					file := act.Package.Fset.File(e.Pos)
					end := e.End
					if !end.IsValid() {
						end = e.Pos
					}
					res.Edits = append(res.Edits, FileEdit{File: file.Name(), Start: file.Offset(e.Pos), End: file.Offset(end), Text: e.NewText})
				}
			}
		}
	}
}

func position(fset *token.FileSet, pos, end token.Pos) report.Position {
	p := fset.Position(pos)
	out := report.Position{File: p.Filename, Line: p.Line, Col: p.Column}
	if end.IsValid() {
		e := fset.Position(end)
		out.EndLine, out.EndCol = e.Line, e.Column
	}
	return out
}

func sortFindings(fds []report.Finding) {
	sort.SliceStable(fds, func(i, j int) bool {
		a, b := fds[i].Position, fds[j].Position
		if a.File != b.File {
			// go.mod findings first, then Go files, each by name.
			am, bm := filepath.Base(a.File) == "go.mod", filepath.Base(b.File) == "go.mod"
			if am != bm {
				return am
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return fds[i].Card < fds[j].Card
	})
}

func dedupe(fds []report.Finding) []report.Finding {
	out := fds[:0]
	for i, fd := range fds {
		if i > 0 && fds[i-1].Position == fd.Position && fds[i-1].Message == fd.Message {
			continue
		}
		out = append(out, fd)
	}
	return out
}

func dedupeErrors(errs []error) []error {
	seen := make(map[string]bool)
	var out []error
	for _, e := range errs {
		if s := e.Error(); !seen[s] {
			seen[s] = true
			out = append(out, e)
		}
	}
	return out
}
