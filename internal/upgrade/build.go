package upgrade

import (
	"context"
	"strings"
)

// build is the packages of a build, by module path: what go list -deps
// says of the packages the patterns import, directly or not.
type build map[string][]builtPackage

type builtPackage struct {
	path  string // import path
	dir   string
	files []string // GoFiles, in dir
}

// listBuild lists the build at the versions modfile selects. -e: a
// package that cannot be loaded is the type-check's to report.
func listBuild(ctx context.Context, opts Options, dir, modfile string) (build, error) {
	args := append([]string{"list", "-e", "-deps"}, buildFlags(opts, modfile)...)
	if opts.Tests {
		args = append(args, "-test")
	}
	args = append(args, "-f", "{{if .Module}}{{.Module.Path}}\t{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}{{end}}")
	out, err := opts.Env.Run(ctx, dir, append(args, opts.Patterns...)...)
	if err != nil {
		return nil, err
	}
	b := make(build)
	seen := make(map[string]bool) // a package and its test variant share a directory
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || f[0] == "" || seen[f[2]] {
			continue
		}
		seen[f[2]] = true
		path, _, _ := strings.Cut(f[1], " ") // a test variant: "p [p.test]"
		b[f[0]] = append(b[f[0]], builtPackage{path: path, dir: f[2], files: f[3:]})
	}
	return b, nil
}

// markUnused marks the problems the plan brings in modules that provide
// no package to the build: in the module graph, not in the program.
func (p *Plan) markUnused(b build) {
	for i := range p.Brings {
		if _, ok := b[p.Brings[i].Module]; !ok {
			p.Brings[i].Unused = true
		}
	}
}
