package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/modcheck"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// checkFlags are the standalone command's flags.
type checkFlags struct {
	dir    string
	format string
	fix    bool
	tests  bool
	cfg    analyzer.Config
}

func check(args []string, stdout, stderr io.Writer) int {
	var f checkFlags
	fs := flag.NewFlagSet("fixlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr); fs.PrintDefaults() }
	fs.StringVar(&f.dir, "C", "", "change to `dir` before doing anything")
	fs.StringVar(&f.format, "format", "text", "output `format`: text or json")
	fs.BoolVar(&f.fix, "fix", false, "apply suggested code fixes and upgrade affected modules with go get")
	fs.BoolVar(&f.tests, "test", true, "also check test files")
	f.cfg.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if f.format != "text" && f.format != "json" {
		fmt.Fprintf(stderr, "fixlint: unknown -format %q (want text or json)\n", f.format)
		return exitUsage
	}
	if f.dir != "" {
		if err := os.Chdir(f.dir); err != nil {
			fmt.Fprintf(stderr, "fixlint: %v\n", err)
			return exitError
		}
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	res := analyze(context.Background(), &f, patterns)

	out := newPrinter(f.format, stdout)
	for _, e := range res.errs {
		out.error(e)
	}
	for _, card := range res.cards {
		out.card(card)
	}
	for _, fd := range res.findings {
		out.finding(fd)
	}
	if err := out.flush(); err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	if f.fix {
		if err := applyFixes(res, stderr); err != nil {
			fmt.Fprintf(stderr, "fixlint: -fix: %v\n", err)
			return exitError
		}
	}
	switch {
	case len(res.errs) > 0:
		return exitError
	case len(res.findings) > 0 && f.format == "text" && !f.fix:
		return exitFindings
	}
	return exitOK
}

// result is everything a standalone run found.
type result struct {
	findings []report.Finding
	cards    []*rules.Card // the cards the findings name
	errs     []error
	edits    []fileEdit // suggested fixes, for -fix
	mainDirs []string   // main module directories, for go get
}

// fileEdit is a suggested fix's text edit, resolved to a file and offsets.
type fileEdit struct {
	file       string
	start, end int
	text       []byte
}

func analyze(ctx context.Context, f *checkFlags, patterns []string) *result {
	res := &result{}
	an := analyzer.New(f.cfg)
	lcat, cardErrs := f.cfg.Catalog()
	for _, e := range cardErrs {
		res.errs = append(res.errs, e)
	}

	// The go.mod check: every module of the build list, imported or not.
	list, err := buildlist.Load(ctx, ".")
	if err != nil {
		res.errs = append(res.errs, err)
	} else {
		if list.Partial != "" {
			res.errs = append(res.errs, fmt.Errorf("the build list is incomplete, so go.mod findings may be missing: %s", list.Partial))
		}
		for _, m := range list.Main {
			res.mainDirs = append(res.mainDirs, m.Dir)
		}
		fds, errs := modcheck.Check(list, lcat, modcheck.Options{Reports: f.cfg.Reports})
		res.findings = append(res.findings, fds...)
		res.errs = append(res.errs, errs...)
	}

	// The analyzer, over the packages and their dependencies (for facts).
	pkgs, err := packages.Load(&packages.Config{Context: ctx, Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: f.tests}, patterns...)
	if err != nil {
		res.errs = append(res.errs, err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			res.errs = append(res.errs, packageError{e})
		}
	})
	if len(pkgs) > 0 {
		g, err := checker.Analyze([]*analysis.Analyzer{an}, pkgs, nil)
		if err != nil {
			res.errs = append(res.errs, err)
		}
		if g != nil {
			collect(res, g, an, lcat)
		}
	}

	sortFindings(res.findings)
	res.findings = dedupe(res.findings)
	seen := make(map[string]bool)
	for _, fd := range res.findings {
		if c := lcat.Card(fd.Card); c != nil && !seen[c.ID] {
			seen[c.ID] = true
			res.cards = append(res.cards, c)
		}
	}
	res.errs = dedupeErrors(res.errs)
	return res
}

type packageError struct{ e packages.Error }

func (p packageError) Error() string { return p.e.Error() }

// collect turns the analyzer's diagnostics on the root packages into
// findings; with -test a package is analyzed twice (with and without its
// tests), and dedupe keeps one of each.
func collect(res *result, g *checker.Graph, an *analysis.Analyzer, cat *rules.Catalog) {
	for _, act := range g.Roots {
		if act.Analyzer != an {
			continue
		}
		if act.Err != nil {
			res.errs = append(res.errs, fmt.Errorf("%s: %v", act.Package.PkgPath, act.Err))
			continue
		}
		imports := importPositions(act.Package)
		for _, d := range act.Diagnostics {
			fd := report.Finding{
				Card:     d.Category,
				Level:    report.SymbolLevel,
				Position: position(act.Package.Fset, d.Pos, d.End),
				Message:  d.Message,
				URL:      d.URL,
			}
			if imports[d.Pos] {
				fd.Level = report.PackageLevel
			}
			if c := cat.Card(d.Category); c != nil {
				fd.Severity = string(c.Severity)
				fd.Module = c.Module
			} else {
				fd.Level = report.NoteLevel
			}
			res.findings = append(res.findings, fd)
			for _, sf := range d.SuggestedFixes {
				for _, e := range sf.TextEdits {
					file := act.Package.Fset.File(e.Pos)
					end := e.End
					if !end.IsValid() {
						end = e.Pos
					}
					res.edits = append(res.edits, fileEdit{file: file.Name(), start: file.Offset(e.Pos), end: file.Offset(end), text: e.NewText})
				}
			}
		}
	}
}

func importPositions(p *packages.Package) map[token.Pos]bool {
	m := make(map[token.Pos]bool)
	for _, f := range p.Syntax {
		for _, spec := range f.Imports {
			m[spec.Path.Pos()] = true
		}
		_ = ast.File{}
	}
	return m
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

// relative shortens a path for display, relative to the working directory.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
