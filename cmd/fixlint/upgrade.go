package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/report"
	plan "github.com/fixlint/fixlint/internal/upgrade"
)

// upgradeCmd is fixlint upgrade: a plan for each upgrade, changing nothing.
func upgradeCmd(args []string, stdout, stderr io.Writer) int {
	var (
		dir, format string
		tests       bool
		apply       bool
		tags        tagsFlag
		cfg         analyzer.Config
	)
	fs := flag.NewFlagSet("fixlint upgrade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: fixlint upgrade [flags] [module@version ...] [packages]

Plans upgrades without changing anything: for each module@version named, or
else for each module the check finds a known problem in (at the version
fixlint recommends), what the upgrade fixes (and how close to your code the
check finds each problem), which other modules it moves and the known
problems they bring, the places in the packages (default ./...) that
type-check today and would not after it, the uses that still compile but
whose symbol changed, and the migrations that come with it (cards' renames,
the new versions' //go:fix inline directives) as a diff. The go command works
on a copy of go.mod and go.sum; it may fetch the new versions from the module
proxy (GOPROXY=off keeps it to the module cache, and the plan says what it
could not look at). -apply then runs each go get and makes the migrations.

`)
		fs.PrintDefaults()
	}
	fs.StringVar(&dir, "C", "", "change to `dir` before doing anything")
	fs.StringVar(&format, "format", "text", "output `format`: text or json")
	fs.BoolVar(&tests, "test", true, "also type-check test files")
	fs.BoolVar(&apply, "apply", false, "after the plans, run the go get of each complete plan and make its migrations, type-check the packages and check again: exit 1 if an upgrade or a migration fails, the code no longer type-checks, or an upgrade brought a known problem")
	fs.Var(&tags, "tags", "build `tags` to consider satisfied, comma-separated")
	cfg.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "fixlint upgrade: unknown -format %q (want text or json)\n", format)
		return exitUsage
	}
	if dir != "" {
		if err := os.Chdir(dir); err != nil {
			fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
			return exitError
		}
	}
	var targets []module.Version
	var patterns []string
	for _, a := range fs.Args() {
		if path, v, ok := strings.Cut(a, "@"); ok {
			if err := module.Check(path, v); err != nil {
				fmt.Fprintf(stderr, "fixlint upgrade: %s: %v\n", a, err)
				return exitUsage
			}
			targets = append(targets, module.Version{Path: path, Version: v})
			continue
		}
		patterns = append(patterns, a)
	}
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	ctx := context.Background()
	cat, cardErrs := cfg.Catalog()
	for _, e := range cardErrs {
		fmt.Fprintf(stderr, "fixlint upgrade: %v\n", e)
	}
	env, err := gocmd.Prepare(ctx, ".")
	if err != nil {
		fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
		return exitError
	}
	// The check: the upgrades it recommends, and how close to the code
	// it finds each problem a plan fixes.
	res := engine.Run(ctx, engine.Options{Config: cfg, Catalog: cat, Tests: tests, Tags: tags}, patterns)
	for _, e := range res.Errs {
		fmt.Fprintf(stderr, "fixlint upgrade: %v\n", e)
	}
	levels := make(map[string]report.Level)
	for _, f := range res.Findings {
		if k := plan.LevelKey(f.Module, f.Card); f.Module != "" && plan.Closer(f.Level, levels[k]) {
			levels[k] = f.Level
		}
	}
	if len(targets) == 0 {
		targets = recommended(res.Findings)
		if len(targets) == 0 {
			if len(res.Errs) > 0 || len(cardErrs) > 0 {
				// The check could not finish: an upgrade may be missing.
				fmt.Fprintln(stderr, "fixlint upgrade: nothing to plan from what the check found, but it met the errors above")
				return exitError
			}
			fmt.Fprintln(stderr, "fixlint upgrade: no known problem has an upgrade that fixes it; nothing to plan")
			return exitOK
		}
	}
	opts := plan.Options{Env: env, Patterns: patterns, Tests: tests, Tags: tags, Catalog: cat, Levels: levels}
	if today, err := plan.Current(ctx, opts); err == nil {
		opts.Today = today // one type-check of today's code for all the plans
	}
	var plans []*plan.Plan
	for _, t := range targets {
		plans = append(plans, plan.Make(ctx, opts, t.Path, t.Version))
	}
	// The most valuable upgrade first: the most fixed problems reached
	// from the code, then imported, then fixed at all, then the fewest
	// broken places.
	sort.SliceStable(plans, func(i, j int) bool {
		a, b := plans[i], plans[j]
		ar, ai := a.Reached()
		br, bi := b.Reached()
		switch {
		case ar != br:
			return ar > br
		case ai != bi:
			return ai > bi
		case len(a.Fixes) != len(b.Fixes):
			return len(a.Fixes) > len(b.Fixes)
		}
		return len(a.Breaks) < len(b.Breaks)
	})
	code := exitOK
	if len(res.Errs) > 0 || len(cardErrs) > 0 {
		code = exitError // reported above: the levels may be incomplete
	}
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, p := range plans {
			if err := enc.Encode(map[string]*plan.Plan{"plan": p}); err != nil {
				fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
				return exitError
			}
		}
	} else {
		for i, p := range plans {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			if _, err := fmt.Fprint(stdout, p.String()); err != nil {
				fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
				return exitError
			}
		}
	}
	for _, p := range plans {
		if p.Incomplete != "" {
			code = exitError
		}
	}
	if apply {
		if c := applyPlans(ctx, env, opts, cfg, plans, stdout, stderr); c != exitOK {
			code = c
		}
	}
	return code
}

// applyPlans runs the go get of every complete plan, in the module's
// directory, then says whether the packages still type-check and what the
// check finds now. A plan that could not be completed is not applied: an
// upgrade nobody looked at is what this command exists to prevent.
func applyPlans(ctx context.Context, env *gocmd.Env, opts plan.Options, cfg analyzer.Config, plans []*plan.Plan, stdout, stderr io.Writer) int {
	code := exitOK
	dir := filepath.Dir(env.GoMod)
	before, _, err := plan.TypeErrors(ctx, opts, dir)
	if err != nil {
		// Without today's errors, every one after would look new.
		fmt.Fprintf(stderr, "fixlint upgrade: nothing applied: could not type-check the packages before the upgrades: %v\n", err)
		return exitError
	}
	brought := make(map[string]bool) // module card
	applied := 0
	for _, p := range plans {
		if p.Incomplete != "" {
			fmt.Fprintf(stdout, "not applied: %s (the plan is incomplete)\n", p.Command)
			continue
		}
		// An earlier go get of this run may have moved the module already,
		// past this plan's version: a second go get would move it back.
		if out, err := env.Run(ctx, dir, "list", "-m", "-f", "{{.Version}}", p.Module); err == nil {
			if cur := strings.TrimSpace(string(out)); semver.IsValid(cur) && semver.Compare(cur, p.To) >= 0 {
				fmt.Fprintf(stdout, "not applied: %s (an earlier upgrade moved %s to %s)\n", p.Command, p.Module, cur)
				continue
			}
		}
		if _, err := env.Run(ctx, dir, "get", p.Module+"@"+p.To); err != nil {
			fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
			code = exitError
			continue
		}
		applied++
		fmt.Fprintf(stdout, "applied: %s\n", p.Command)
		if len(p.Migrations) > 0 {
			files, errs := p.ApplyMigrations()
			for _, err := range errs {
				fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
				code = exitError
			}
			if files > 0 {
				fmt.Fprintf(stdout, "applied: %s of %s in %s\n", report.Count(len(p.Migrations), "migration"), p.Module, report.Count(files, "file"))
			}
		}
		for _, b := range p.Brings {
			if !b.Unused { // in the module graph only: counted, not a failure
				brought[b.Module+" "+b.Card] = true
			}
		}
	}
	if applied == 0 {
		return code
	}
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		if _, err := env.Run(ctx, dir, "mod", "vendor"); err != nil {
			fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
			return exitError
		}
		fmt.Fprintln(stdout, "applied: go mod vendor (the module vendors its dependencies)")
	}
	after, n, err := plan.TypeErrors(ctx, opts, dir)
	if err != nil {
		fmt.Fprintf(stderr, "fixlint upgrade: after the upgrades: %v\n", err)
		return exitError
	}
	broken := 0
	for b := range after {
		if !before[b] {
			fmt.Fprintf(stdout, "%s: %s\n", b.Position, b.Message)
			broken++
		}
	}
	if broken > 0 {
		fmt.Fprintf(stdout, "the upgrades broke %s: fix them, or undo the upgrades with git\n", report.Count(broken, "place"))
		code = exitError
	} else {
		fmt.Fprintf(stdout, "%s checked, and all type-check after the upgrades\n", report.Count(n, "package"))
	}
	res := engine.Run(ctx, engine.Options{Config: cfg, Catalog: opts.Catalog, Tests: opts.Tests, Tags: opts.Tags}, opts.Patterns)
	left := map[string]bool{}
	for _, f := range res.Findings {
		if f.Level == report.NoteLevel || f.Module == "" {
			continue
		}
		left[f.Module+" "+f.Card] = true
		if brought[f.Module+" "+f.Card] {
			code = exitError
		}
	}
	fmt.Fprintf(stdout, "known problems left: %d\n", len(left))
	return code
}

// recommended returns, for each module with a known problem that a release
// fixes, the version fixlint recommends (the module-level findings' fixed
// version), in module order.
func recommended(fds []report.Finding) []module.Version {
	best := highestFixes(fds, func(f report.Finding) bool {
		return (f.Level == report.ModuleLevel || f.Level == report.UnusedLevel) && f.Module != "" && f.Module != "stdlib"
	})
	var out []module.Version
	for _, path := range slices.Sorted(maps.Keys(best)) {
		out = append(out, module.Version{Path: path, Version: best[path].Fixed})
	}
	return out
}
