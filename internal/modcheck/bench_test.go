package modcheck_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/modcheck"
	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/rules"
)

// The shared data beside the repository (see ../shared/data/README.md).
const (
	sharedDB      = "../../../shared/data/vulndb-osv"
	telegrafGoMod = "../../../shared/data/gomod/influxdata__telegraf/go.mod"
)

func needShared(b *testing.B, path string) {
	b.Helper()
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("this benchmark reads the shared data at %s, which is missing: clone the repository with ../shared beside it (%v)", path, err)
	}
}

// telegrafList copies telegraf's go.mod (619 requires) to a temporary
// directory and makes a build list from its requires, the first n of them
// (all when n is 0), as if go list -m all had selected exactly those
// versions.
func telegrafList(b *testing.B, n int) *buildlist.List {
	b.Helper()
	needShared(b, telegrafGoMod)
	data, err := os.ReadFile(telegrafGoMod)
	if err != nil {
		b.Fatal(err)
	}
	f, err := modfile.Parse(telegrafGoMod, data, nil)
	if err != nil {
		b.Fatal(err)
	}
	if n > 0 && n < len(f.Require) {
		for _, r := range f.Require[n:] {
			f.DropRequire(r.Mod.Path)
		}
		f.Cleanup()
		if data, err = f.Format(); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(gomod, data, 0o666); err != nil {
		b.Fatal(err)
	}
	main := &buildlist.Module{Path: f.Module.Mod.Path, Main: true, Dir: dir, GoMod: gomod}
	l := &buildlist.List{Main: []*buildlist.Module{main}, ByPath: map[string]*buildlist.Module{main.Path: main}, Source: "go list -m all", GoVersion: "go1.26.0"}
	for _, r := range f.Require {
		l.ByPath[r.Mod.Path] = &buildlist.Module{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect}
	}
	return l
}

var benchIndex struct {
	once sync.Once
	file string
	err  error
}

// compiledShared compiles the shared database into a file, once.
func compiledShared(b *testing.B) string {
	b.Helper()
	needShared(b, sharedDB)
	benchIndex.once.Do(func() {
		dir, err := os.MkdirTemp("", "fixlint-bench-osv")
		if err != nil {
			benchIndex.err = err
			return
		}
		benchIndex.file = filepath.Join(dir, "osv.idx")
		var bad []error
		_, bad, benchIndex.err = osv.CompileDir(sharedDB, benchIndex.file)
		if benchIndex.err == nil && len(bad) > 0 {
			benchIndex.err = bad[0]
		}
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.file
}

// BenchmarkCheckTelegraf runs the go.mod check over telegraf's go.mod:
// with the embedded catalog; with the OSV database in a fresh catalog each
// time (what one standalone run pays: the cards of every required module
// with records are decoded); and with those cards already decoded.
func BenchmarkCheckTelegraf(b *testing.B) {
	for _, n := range []int{100, 300, 0} {
		list := telegrafList(b, n)
		name := "requires=" + itoa(len(list.ByPath)-1)
		b.Run(name+"/embedded", func(b *testing.B) {
			cat, _ := rules.NewCatalog(rules.Embedded())
			benchCheck(b, list, func() *rules.Catalog { return cat })
		})
		ix, err := osv.OpenIndex(compiledShared(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/osv-cold", func(b *testing.B) {
			benchCheck(b, list, func() *rules.Catalog {
				cat, _ := rules.NewCatalog(rules.Embedded())
				cat.AddSource(ix)
				return cat
			})
		})
		warm, _ := rules.NewCatalog(rules.Embedded())
		warm.AddSource(ix)
		b.Run(name+"/osv-warm", func(b *testing.B) {
			benchCheck(b, list, func() *rules.Catalog { return warm })
		})
	}
}

func benchCheck(b *testing.B, list *buildlist.List, catalog func() *rules.Catalog) {
	b.ReportAllocs()
	findings := 0
	for b.Loop() {
		fds, errs := modcheck.Check(list, catalog(), modcheck.Options{})
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		findings = len(fds)
	}
	b.ReportMetric(float64(findings), "findings")
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// BenchmarkStandaloneModuleCheck is what fixlint -scan module does on a
// real module, in process, for profiling: the build list from the go
// command, the catalog with the OSV database, the go.mod findings
// (bench/run.sh times the command itself). Without FIXLINT_BENCH_MODULE (a
// module directory) and FIXLINT_BENCH_OSV (a database for -osv) it is
// skipped.
func BenchmarkStandaloneModuleCheck(b *testing.B) {
	dir, db := os.Getenv("FIXLINT_BENCH_MODULE"), os.Getenv("FIXLINT_BENCH_OSV")
	if dir == "" || db == "" {
		b.Skip("set FIXLINT_BENCH_MODULE and FIXLINT_BENCH_OSV (see bench/run.sh)")
	}
	findings := 0
	for b.Loop() {
		list, err := buildlist.Load(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		cfg := analyzer.Config{OSV: db}
		cat, errs := cfg.Catalog()
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		fds, cerrs := modcheck.Check(list, cat, modcheck.Options{Reports: cfg.Reports})
		if len(cerrs) > 0 {
			b.Fatal(cerrs)
		}
		findings = len(fds)
	}
	b.ReportMetric(float64(findings), "findings")
}
