package engine

import (
	"context"
	"fmt"

	"golang.org/x/tools/go/packages"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// graphMode lists the import graph with each package's module and files:
// go list -deps, no type-checking.
const graphMode = packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule

// reachThrough does for the standalone command what facts do under go
// vet: it finds the dependency packages that lie on a path from the
// checked packages to a package holding a vulnerable symbol (a uses
// trigger of a card that affects the version in use), loads only those
// from source, and works out, dependencies first, what their functions
// reach (analyzer.Modules.ComputeReach). The analyzer then reports the
// user's calls into them, with the trace, as under go vet. Standard
// library packages are not followed inside, as under go vet (their
// vulnerable symbols are, when a dependency calls them). With no such
// package, it costs one look at the catalog.
func reachThrough(ctx context.Context, cfg packages.Config, patterns []string, list *buildlist.List, cat *rules.Catalog, mods *analyzer.Modules, progress func(string)) (n int, err error) {
	defer func() {
		// A bug here must cost the findings it would add, not the run.
		if p := recover(); p != nil {
			n, err = 0, fmt.Errorf("internal error: %v", p)
		}
	}()
	targets := vulnerablePackages(list, cat)
	if len(targets) == 0 {
		return 0, nil
	}
	progress("following calls into dependencies that lead to vulnerable code")
	cfg.Context = ctx
	cfg.Mode = graphMode
	roots, err := packages.Load(&cfg, patterns...)
	if err != nil {
		return 0, err
	}
	// onPath: the package holds a vulnerable symbol or imports, directly
	// or not, one that does.
	memo := make(map[*packages.Package]bool)
	var onPath func(p *packages.Package) bool
	onPath = func(p *packages.Package) bool {
		if v, ok := memo[p]; ok {
			return v
		}
		memo[p] = false // an import cycle (invalid code) ends here
		v := targets[p.PkgPath]
		for _, ip := range p.Imports {
			if onPath(ip) {
				v = true
			}
		}
		memo[p] = v
		return v
	}
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	var load []string
	packages.Visit(roots, nil, func(p *packages.Package) {
		var modPath, modVersion, file string
		if p.Module != nil {
			modPath, modVersion = p.Module.Path, p.Module.Version
		}
		if len(p.GoFiles) > 0 {
			file = p.GoFiles[0]
		}
		mods.Add(p.PkgPath, modPath, modVersion, file)
		if isRoot[p] || p.Module == nil || p.Module.Main || !onPath(p) {
			return // the user's own code, or the standard library
		}
		load = append(load, p.PkgPath)
	})
	if len(load) == 0 {
		return 0, nil
	}
	cfg.Mode = loadMode
	pkgs, err := packages.Load(&cfg, load...)
	if err != nil {
		return 0, err
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Syntax) == 0 || p.TypesInfo == nil {
			return // a dependency outside the path, from export data
		}
		mods.ComputeReach(cat, p.Types, p.Syntax, p.TypesInfo)
		n++
	})
	return n, nil
}

// vulnerablePackages returns the packages that hold a vulnerable symbol at
// the version the build selects: those of the uses triggers of every card
// (not a pitfall) that affects the version of its module in list.
func vulnerablePackages(list *buildlist.List, cat *rules.Catalog) map[string]bool {
	out := make(map[string]bool)
	consider := func(mod, version string) {
		if !versions.Known(version) || !cat.HasModule(mod) || !cat.MayAffect(mod, version) {
			return
		}
		for _, card := range cat.ForModule(mod) {
			if card.EveryVersion() || !card.AffectsVersion(version) {
				continue
			}
			for _, t := range card.Triggers {
				if t.Kind() != rules.UsesTrigger {
					continue
				}
				if sym, err := rules.ParseSymbol(t.Uses); err == nil {
					out[sym.PkgPath] = true
				}
			}
		}
	}
	for path, m := range list.ByPath {
		if m.Main {
			continue
		}
		if v, unknown := m.Selected(); unknown == "" {
			consider(path, v)
		}
	}
	if v := versions.FromGoVersion(list.GoVersion); v != "" {
		consider(stdlibModule, v)
	}
	return out
}
