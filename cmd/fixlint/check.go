package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/report"
)

// checkFlags are the standalone command's flags.
type checkFlags struct {
	dir    string
	format string
	config string
	fix    bool
	vers   bool
	tests  bool
	scan   string
	pub    string
	tags   tagsFlag
	show   showFlag
	cfg    analyzer.Config
}

func check(args []string, stdout, stderr io.Writer) int {
	var f checkFlags
	fs := flag.NewFlagSet("fixlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr); fs.PrintDefaults() }
	fs.StringVar(&f.dir, "C", "", "change to `dir` before doing anything")
	fs.StringVar(&f.format, "format", "text", "output `format`: text, json or sarif")
	fs.BoolVar(&f.fix, "fix", false, "apply suggested code fixes and upgrade affected modules with go get (every fix that works; exit 1 if one fails or an upgrade brings in an affected version)")
	fs.BoolVar(&f.vers, "version", false, "print fixlint's version, the Go version that built it, and what the catalog and the -osv database hold, and exit (as fixlint version)")
	fs.BoolVar(&f.tests, "test", true, "also check test files")
	fs.StringVar(&f.scan, "scan", "package", "`what` to check: package (go.mod and the packages, their imports and calls) or module (go.mod and the build list alone, loading no package: faster, and it also reports modules that no package of the build imports)")
	fs.Var(&f.show, "show", "also list, in text and SARIF output, `what` the default output only counts: unused (findings in modules that go.mod requires but that provide no package to the packages checked)")
	fs.Var(&f.tags, "tags", "build `tags` to consider satisfied, comma-separated, as go build -tags takes them")
	fs.StringVar(&f.pub, "published", "cache", "where to read what module authors publish about their modules (retracted versions, deprecated modules): cache (the newest go.mod of each module in the go command's module cache, no network), fetch (the go command fetches each module's latest go.mod from the module proxy first), or off")
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: "+configFileName+" in this directory or a parent, up to the module's repository root, or the module root outside a repository)")
	f.cfg.BindFlags(fs)
	bindMaxAge(fs, &f.cfg)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if f.format != "text" && f.format != "json" && f.format != "sarif" {
		fmt.Fprintf(stderr, "fixlint: unknown -format %q (want text, json or sarif)\n", f.format)
		return exitUsage
	}
	if f.scan != "package" && f.scan != "module" {
		fmt.Fprintf(stderr, "fixlint: unknown -scan %q (want package or module)\n", f.scan)
		return exitUsage
	}
	pub, ok := publishedModes[f.pub]
	if !ok {
		fmt.Fprintf(stderr, "fixlint: unknown -published %q (want cache, fetch or off)\n", f.pub)
		return exitUsage
	}
	if f.scan == "module" && f.fix {
		// -fix would also apply code fixes, which need the packages.
		fmt.Fprintln(stderr, "fixlint: -fix needs -scan package")
		return exitUsage
	}
	if f.dir != "" {
		if err := os.Chdir(f.dir); err != nil {
			fmt.Fprintf(stderr, "fixlint: %v\n", err)
			return exitError
		}
	}
	search, err := applyConfig(fs, f.config, &f.cfg)
	db := chooseDB(&f.cfg)
	if f.vers {
		return versionAfterConfig(fs, db, err, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	out := newPrinter(f.format, stdout, stderr)
	out.config(search.file, search.ignored)
	now := time.Now()
	switch p := out.(type) {
	case *textPrinter:
		for _, line := range dbNotes(db, now, p.terminal) {
			fmt.Fprintf(stderr, "fixlint: %s\n", line)
		}
	case *jsonPrinter:
		p.osv = startDBFacts(db, now)
	case *sarifPrinter:
		p.osv = startDBFacts(db, now)
	}
	if db.err != nil && f.format != "text" {
		// JSON and SARIF carry a stale database's warning; this one has
		// no place there.
		fmt.Fprintf(stderr, "fixlint: warning: %v\n", db.err)
	}
	patterns := fs.Args()
	if f.scan == "module" && len(patterns) > 0 {
		fmt.Fprintf(stderr, "fixlint: -scan module checks the whole build list; the packages %s are not used\n", strings.Join(patterns, " "))
	}
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	if jp, ok := out.(*jsonPrinter); ok {
		jp.scope(f.scan, patterns, f.tests, f.tags, f.pub)
	}
	opts := engine.Options{Config: f.cfg, Tests: f.tests, ModulesOnly: f.scan == "module", Published: pub, Tags: f.tags, Progress: out.progress}
	res := engine.Run(context.Background(), opts, patterns)
	if sp, ok := out.(*sarifPrinter); ok {
		// SARIF URIs are relative to the module's repository root.
		sp.scope(res.MainDirs, patterns, f.scan)
	}

	for _, e := range res.Errs {
		out.error(e)
	}
	for _, card := range res.Cards {
		out.card(card)
	}
	listed, sum := summarize(res.Findings, f.show.unused || f.format == "json")
	if f.format == "text" {
		// One line per place: JSON and SARIF keep a finding per card.
		listed = report.ByPlace(listed)
	}
	for _, fd := range listed {
		out.finding(fd)
	}
	out.summary(sum)
	if err := out.flush(); err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	if f.fix {
		return fix(res, opts, patterns, stderr)
	}
	switch {
	case len(res.Errs) > 0:
		return exitError
	case len(listed) > 0 && f.format == "text":
		return exitFindings
	}
	return exitOK
}

var publishedModes = map[string]engine.Published{
	"cache": engine.PublishedCache,
	"fetch": engine.PublishedFetch,
	"off":   engine.PublishedOff,
}

// fix applies every fix that works and says which did not. Its exit
// status is 0 when every fix was applied and the upgrades brought in no
// affected version, 1 otherwise (or when the check itself met an error).
// The findings that were printed are not a failure: -fix did what it could
// about them.
func fix(res *engine.Result, opts engine.Options, patterns []string, stderr io.Writer) int {
	out := applyFixes(res, opts, patterns, stderr)
	problems := out.failed
	if out.upgraded {
		problems += recheck(res, opts, patterns, stderr)
	}
	if problems > 0 || len(res.Errs) > 0 {
		return exitError
	}
	return exitOK
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
