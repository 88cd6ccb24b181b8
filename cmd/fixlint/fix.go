package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/modcheck"
	"github.com/fixlint/fixlint/internal/report"
	plan "github.com/fixlint/fixlint/internal/upgrade"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// fixOutcome is what -fix did.
type fixOutcome struct {
	failed   int  // edits or upgrades that could not be applied (each reported)
	upgraded bool // some go get succeeded, so go.mod changed
}

// applyFixes applies the analyzer's suggested code fixes, then upgrades each
// affected module through the go command, which keeps go.sum and the rest
// of the build list right: fixlint never edits go.mod or go.sum itself.
// One fix that fails does not stop the others: each failure is reported on
// stderr, naming the file or the go get and the reason.
//
// Each module upgrade carries its plan, as fixlint upgrade makes it: one
// line says what it fixes, brings and breaks, and its migrations are made
// after the go get.
func applyFixes(res *engine.Result, opts engine.Options, patterns []string, stderr io.Writer) fixOutcome {
	var out fixOutcome
	for _, err := range applyEdits(res.Edits) {
		fmt.Fprintf(stderr, "fixlint: -fix: %v\n", err)
		out.failed++
	}
	for _, u := range planUpgrades(res.Findings) {
		p := planFor(u, opts, res.Catalog, patterns)
		if p != nil {
			fmt.Fprintf(stderr, "fixlint: go get %s: %s\n", u.arg, p.Summary())
		} else {
			fmt.Fprintf(stderr, "fixlint: go get %s\n", u.arg)
		}
		cmd := exec.Command("go", "get", u.arg)
		cmd.Dir = u.dir
		output, err := cmd.CombinedOutput()
		if err != nil {
			msg := strings.TrimSpace(string(output))
			if msg == "" {
				msg = err.Error()
			}
			fmt.Fprintf(stderr, "fixlint: -fix: go get %s failed: %s\n", u.arg, msg)
			out.failed++
			continue
		}
		stderr.Write(output) // go: upgraded m v1 => v2
		out.upgraded = true
		if p != nil && p.Incomplete == "" && len(p.Migrations) > 0 {
			files, errs := p.ApplyMigrations()
			for _, err := range errs {
				fmt.Fprintf(stderr, "fixlint: -fix: %v\n", err)
				out.failed++
			}
			if files > 0 {
				fmt.Fprintf(stderr, "fixlint: -fix: made %s of %s@%s in %s\n", report.Count(len(p.Migrations), "migration"), p.Module, p.To, report.Count(files, "file"))
			}
		}
	}
	return out
}

// planFor makes the plan of a module upgrade, in the directory of the
// go.mod that requires it; nil for the toolchain, or where the go command
// cannot be prepared.
func planFor(u upgrade, opts engine.Options, cat *rules.Catalog, patterns []string) *plan.Plan {
	path, version, _ := strings.Cut(u.arg, "@")
	if path == "toolchain" {
		return nil
	}
	ctx := context.Background()
	env, err := gocmd.Prepare(ctx, u.dir)
	if err != nil || env.GoMod == "" {
		return nil
	}
	return plan.Make(ctx, plan.Options{Env: env, Patterns: patterns, Tests: opts.Tests, Tags: opts.Tags, Catalog: cat}, path, version)
}

// upgrade is one go get that -fix runs.
type upgrade struct {
	arg string // module@version, or toolchain@goX for the standard library
	dir string // the directory of the go.mod that requires the module
}

// planUpgrades picks, for each module with a fixed version, the highest
// version that the findings recommend: one go get per module.
func planUpgrades(findings []report.Finding) []upgrade {
	best := highestFixes(findings, func(f report.Finding) bool {
		// A way out of a retracted version can be a downgrade: the
		// message advises it, but -fix only upgrades.
		return f.Level == report.ModuleLevel && !versions.Newer(f.Version, f.Fixed)
	})
	var out []upgrade
	for _, m := range slices.Sorted(maps.Keys(best)) {
		f := best[m]
		out = append(out, upgrade{arg: modcheck.GoGetArg(m, f.Fixed), dir: dirOf(f.Position.File)})
	}
	return out
}

// highestFixes returns, for each module, the finding with the highest
// fixed version among those with one that keep accepts.
func highestFixes(findings []report.Finding, keep func(report.Finding) bool) map[string]report.Finding {
	best := make(map[string]report.Finding)
	for _, f := range findings {
		if f.Fixed == "" || !keep(f) {
			continue
		}
		if cur, ok := best[f.Module]; !ok || semver.Compare(f.Fixed, cur.Fixed) > 0 {
			best[f.Module] = f
		}
	}
	return best
}

func dirOf(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if os.IsPathSeparator(file[i]) {
			return file[:i]
		}
	}
	return "."
}

// applyEdits applies non-overlapping text edits file by file; identical
// edits (a package analyzed with and without its tests) count once. Each
// file is replaced atomically (fileio.WriteFile): a write that fails, on a
// full disk say, leaves the file as it was. A file that cannot be fixed is
// an error naming it; the other files are still fixed.
func applyEdits(edits []engine.FileEdit) []error {
	byFile := make(map[string][]engine.FileEdit)
	for _, e := range edits {
		byFile[e.File] = append(byFile[e.File], e)
	}
	var errs []error
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		if err := editFile(file, byFile[file]); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func editFile(file string, es []engine.FileEdit) error {
	sort.Slice(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	last := 0
	for i, e := range es {
		if i > 0 && e.Start == es[i-1].Start && e.End == es[i-1].End && bytes.Equal(e.Text, es[i-1].Text) {
			continue
		}
		if e.Start < last || e.End > len(data) {
			return fmt.Errorf("%s: overlapping or out-of-range edits; no fix applied to this file", relative(file))
		}
		out.Write(data[last:e.Start])
		out.Write(e.Text)
		last = e.End
	}
	out.Write(data[last:])
	if err := fileio.WriteFile(file, out.Bytes(), 0o666); err != nil {
		// The error names the temporary file; the user wants theirs.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: fix not applied, the file is unchanged: %v", relative(file), err)
	}
	return nil
}
