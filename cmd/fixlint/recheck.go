package main

import (
	"context"
	"fmt"
	"io"

	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/report"
)

// recheck runs the check again after -fix's go get changed go.mod: an
// upgrade can select new versions of other modules (the fixed release
// requires them), and those can be affected too. It reports on stderr the
// module findings that were not there before (a module at a version that
// no earlier finding named) and the errors the upgrades caused, and returns
// how many it reported. Findings that were there before are not repeated:
// they were printed already.
func recheck(before *engine.Result, opts engine.Options, patterns []string, stderr io.Writer) int {
	opts.Progress = nil           // the output is flushed: the re-check reports on stderr alone
	opts.Catalog = before.Catalog // its problems were reported by the first check
	after := engine.Run(context.Background(), opts, patterns)
	known := make(map[string]bool)
	for _, f := range before.Findings {
		known[affectedKey(f)] = true
	}
	knownErrs := make(map[string]bool)
	for _, e := range before.Errs {
		knownErrs[e.Error()] = true
	}
	var added []report.Finding
	for _, f := range after.Findings {
		if f.Level == report.ModuleLevel && !known[affectedKey(f)] {
			added = append(added, f)
		}
	}
	n := 0
	for _, e := range after.Errs {
		if !knownErrs[e.Error()] {
			fmt.Fprintf(stderr, "fixlint: -fix: after the upgrades: %v\n", e)
			n++
		}
	}
	if len(added) > 0 {
		fmt.Fprintln(stderr, "fixlint: -fix: the upgrades brought in affected versions:")
		p := newPrinter("text", stderr, stderr)
		for _, f := range added {
			p.finding(f)
		}
		p.flush()
		n += len(added)
	}
	return n
}

// affectedKey identifies a module finding by what is affected, not where:
// go get rewrites go.mod, so lines move.
func affectedKey(f report.Finding) string {
	return f.Card + " " + f.Module + "@" + f.Version
}
