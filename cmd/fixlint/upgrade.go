package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/buildlist"
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
		tags        tagsFlag
		cfg         analyzer.Config
	)
	fs := flag.NewFlagSet("fixlint upgrade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: fixlint upgrade [flags] [module@version ...] [packages]

Plans upgrades without changing anything: for each module@version named, or
else for each module the check finds a known problem in (at the version
fixlint recommends), what the upgrade fixes, which other modules it moves and
the known problems they bring, and the places in the packages (default ./...)
that type-check today and would not after it. The go command works on a copy
of go.mod and go.sum; it may fetch the new versions from the module proxy
(GOPROXY=off keeps it to the module cache, and the plan says what it could
not look at).

`)
		fs.PrintDefaults()
	}
	fs.StringVar(&dir, "C", "", "change to `dir` before doing anything")
	fs.StringVar(&format, "format", "text", "output `format`: text or json")
	fs.BoolVar(&tests, "test", true, "also type-check test files")
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
	list, err := buildlist.LoadEnv(ctx, env)
	if err != nil {
		fmt.Fprintf(stderr, "fixlint upgrade: %v\n", err)
		return exitError
	}
	if len(targets) == 0 {
		// The upgrades the check recommends.
		res := engine.Run(ctx, engine.Options{Config: cfg, Tests: tests, Tags: tags}, patterns)
		for _, e := range res.Errs {
			fmt.Fprintf(stderr, "fixlint upgrade: %v\n", e)
		}
		targets = recommended(res.Findings)
		if len(targets) == 0 {
			fmt.Fprintln(stderr, "fixlint upgrade: no known problem has an upgrade that fixes it; nothing to plan")
			return exitOK
		}
	}
	opts := plan.Options{Env: env, Patterns: patterns, Tests: tests, Tags: tags, Catalog: cat}
	var plans []*plan.Plan
	for _, t := range targets {
		plans = append(plans, plan.Make(ctx, opts, list, t.Path, t.Version))
	}
	// The most valuable upgrade first: the most fixed, then the fewest
	// broken places.
	sort.SliceStable(plans, func(i, j int) bool {
		a, b := plans[i], plans[j]
		if len(a.Fixes) != len(b.Fixes) {
			return len(a.Fixes) > len(b.Fixes)
		}
		return len(a.Breaks) < len(b.Breaks)
	})
	code := exitOK
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
	return code
}

// recommended returns, for each module with a known problem that a release
// fixes, the version fixlint recommends (the module-level findings' fixed
// version), in module order.
func recommended(fds []report.Finding) []module.Version {
	best := make(map[string]string)
	for _, f := range fds {
		if (f.Level != report.ModuleLevel && f.Level != report.UnusedLevel) || f.Fixed == "" || f.Module == "" || f.Module == "stdlib" {
			continue
		}
		if v, ok := best[f.Module]; !ok || semver.Compare(f.Fixed, v) > 0 {
			best[f.Module] = f.Fixed
		}
	}
	var out []module.Version
	for path, v := range best {
		out = append(out, module.Version{Path: path, Version: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
