package upgrade

import (
	"context"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/fileio"
)

// scope returns the packages (import paths) of the patterns that a plan
// must type-check at the new versions: those that depend, directly or
// not, on a package of a module the plan moves; every package when go get
// changed the go or toolchain line (the language itself moved), and nil
// when it could not tell (then the plan checks them all). A package that
// uses no moved module compiles at the new versions as it does today.
func scope(ctx context.Context, opts Options, dir, modfile string, b build, moved map[string]bool, goMod string) (pkgs []string, all bool, others int) {
	if b == nil || goLineMoved(goMod, modfile) {
		return nil, true, 0
	}
	movedPkg := make(map[string]bool)
	for mod, list := range b {
		if moved[mod] {
			for _, p := range list {
				movedPkg[p.path] = true
			}
		}
	}
	args := append([]string{"list", "-e"}, buildFlags(opts, modfile)...)
	if opts.Tests {
		args = append(args, "-test")
	}
	args = append(args, "-f", "{{.ImportPath}}\t{{if .ForTest}}test{{end}}\t{{join .Deps \" \"}}")
	out, err := opts.Env.Run(ctx, dir, append(args, opts.Patterns...)...)
	if err != nil {
		return nil, true, 0
	}
	use := make(map[string]bool)
	seen := make(map[string]bool)
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.SplitN(line, "\t", 3) // the tabs stay when ForTest and Deps are empty
		if len(f) < 3 || f[0] == "" {
			continue
		}
		path, _, _ := strings.Cut(f[0], " ") // "p [p.test]" is p's test variant
		if strings.HasSuffix(path, ".test") && f[1] == "" {
			continue // the generated test main
		}
		seen[path] = true
		for _, d := range strings.Fields(f[2]) {
			if movedPkg[d] {
				use[path] = true
				break
			}
		}
	}
	for p := range use {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs, false, len(seen) - len(use)
}

// goLineMoved reports whether go get changed the go or toolchain line
// (or whether either file could not be read: then assume it did).
func goLineMoved(before, after string) bool {
	read := func(path string) (goV, toolchain string, ok bool) {
		data, err := fileio.ReadRegular(path, 16<<20)
		if err != nil {
			return "", "", false
		}
		f, err := modfile.ParseLax(path, data, nil)
		if err != nil {
			return "", "", false
		}
		if f.Go != nil {
			goV = f.Go.Version
		}
		if f.Toolchain != nil {
			toolchain = f.Toolchain.Name
		}
		return goV, toolchain, true
	}
	g1, t1, ok1 := read(before)
	g2, t2, ok2 := read(after)
	return !ok1 || !ok2 || g1 != g2 || t1 != t2
}
