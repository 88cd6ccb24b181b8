package analyzer_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/osv"
)

// sharedDB is the Go vulnerability database beside the repository (see
// ../shared/data/README.md).
const sharedDB = "../../shared/data/vulndb-osv"

// httpFile makes the fixture's package import net/http and encoding/json
// as well, so that a pass also computes facts for the hundred or so
// standard library packages they import.
const httpFile = `package app

import (
	"encoding/json"
	"net/http"
)

func handler(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(r.URL.Query())
}
`

// loadFixture writes testdata/cards/FIX-0002.txtar (resty) at its affected
// version and loads its packages with syntax and types.
func loadFixture(b *testing.B, withHTTP bool) []*packages.Package {
	b.Helper()
	a, err := fixture.Load(filepath.Join("..", "testdata", "cards", "FIX-0002.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := a.Write(dir, a.Affected, true); err != nil {
		b.Fatal(err)
	}
	if withHTTP {
		if err := os.WriteFile(filepath.Join(dir, "app", "http.go"), []byte(httpFile), 0o666); err != nil {
			b.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Dir:  dir,
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Env:  append(os.Environ(), "GOFLAGS=-mod=vendor", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("the fixture does not load")
	}
	return pkgs
}

// BenchmarkAnalyze runs a fresh analyzer (so each iteration also loads its
// catalog, as a process does) over a fixture package and its dependencies,
// the way the standalone command does, with go/analysis/checker.
func BenchmarkAnalyze(b *testing.B) {
	var osvIndex string
	for _, withHTTP := range []bool{false, true} {
		pkgs := loadFixture(b, withHTTP)
		n := 0
		packages.Visit(pkgs, nil, func(*packages.Package) { n++ })
		name := "resty"
		if withHTTP {
			name = "resty+net/http"
		}
		for _, withOSV := range []bool{false, true} {
			cfg := analyzer.Config{}
			sub := name + "/embedded"
			if withOSV {
				if osvIndex == "" {
					osvIndex = compileShared(b)
				}
				cfg.OSV = osvIndex
				sub = name + "/osv"
			}
			b.Run(sub, func(b *testing.B) {
				b.ReportAllocs()
				diags := 0
				for b.Loop() {
					an := analyzer.New(cfg)
					g, err := checker.Analyze([]*analysis.Analyzer{an}, pkgs, nil)
					if err != nil {
						b.Fatal(err)
					}
					diags = 0
					for _, act := range g.Roots {
						if act.Err != nil {
							b.Fatal(act.Err)
						}
						diags += len(act.Diagnostics)
					}
				}
				if diags == 0 {
					b.Fatal("no findings in the fixture at its affected version")
				}
				b.ReportMetric(float64(n), "packages")
			})
		}
	}
}

// compileShared compiles the shared database into a temporary index.
func compileShared(b *testing.B) string {
	b.Helper()
	if _, err := os.Stat(sharedDB); err != nil {
		b.Fatalf("this benchmark reads the shared data at %s, which is missing: clone the repository with ../shared beside it (%v)", sharedDB, err)
	}
	cards, errs := osv.LoadDir(sharedDB)
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	file := filepath.Join(b.TempDir(), "osv.idx")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := osv.Compile(f, cards); err != nil {
		b.Fatal(err)
	}
	return file
}
