package osv

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fixlint/fixlint/rules"
)

var benchIndex struct {
	once  sync.Once
	file  string
	cards int
	err   error
}

// compiledShared compiles the shared database into a file once per test
// binary, and returns the file and its number of cards.
func compiledShared(b *testing.B) (string, int) {
	b.Helper()
	needShared(b)
	benchIndex.once.Do(func() {
		dir, err := os.MkdirTemp("", "fixlint-bench-osv")
		if err != nil {
			benchIndex.err = err
			return
		}
		benchIndex.file = filepath.Join(dir, "osv.idx")
		var bad []error
		benchIndex.cards, bad, benchIndex.err = CompileDir(sharedDB, benchIndex.file)
		if benchIndex.err == nil && len(bad) > 0 {
			benchIndex.err = bad[0]
		}
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.file, benchIndex.cards
}

// BenchmarkOpenIndex reads the header of the compiled shared database:
// what every go vet process with -fixlint.osv pays first.
func BenchmarkOpenIndex(b *testing.B) {
	file, n := compiledShared(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OpenIndex(file); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "cards")
}

// BenchmarkOpenIndexCards opens the index and decodes one module's cards,
// the per-process cost of -fixlint.osv for a package that imports one
// module with records (the target is < 5 ms for a database of 5,000 cards).
func BenchmarkOpenIndexCards(b *testing.B) {
	file, n := compiledShared(b)
	for _, mod := range []string{"golang.org/x/net", "golang.org/x/crypto", "github.com/gin-gonic/gin", "stdlib"} {
		b.Run(filepath.Base(mod), func(b *testing.B) {
			b.ReportAllocs()
			got := 0
			for b.Loop() {
				ix, err := OpenIndex(file)
				if err != nil {
					b.Fatal(err)
				}
				cards, err := ix.Cards(mod)
				if err != nil || len(cards) == 0 {
					b.Fatalf("%s: %d cards, %v", mod, len(cards), err)
				}
				got = len(cards)
			}
			b.ReportMetric(float64(got), "module-cards")
			b.ReportMetric(float64(n), "cards")
		})
	}
}

// catalogWithIndex is what analyzer.Config does once per process with
// -osv: the embedded catalog, and the index at file as a source.
func catalogWithIndex(b *testing.B, file string) *rules.Catalog {
	cat, _ := rules.NewCatalog(rules.Embedded())
	ix, err := OpenIndex(file)
	if err != nil {
		b.Fatal(err)
	}
	cat.AddSource(ix)
	return cat
}

// BenchmarkCatalogWithOSV is the whole per-process start-up of the
// analyzer with -fixlint.osv, as analyzer.Config loads it: the embedded
// catalog, the index, and the cards of the modules a package imports. A
// go vet process decodes the standard library's cards whenever its package
// imports a standard library package, which nearly all do.
func BenchmarkCatalogWithOSV(b *testing.B) {
	file, n := compiledShared(b)
	for _, bc := range []struct {
		name string
		mods []string
	}{
		{"net", []string{"golang.org/x/net"}},
		{"stdlib", []string{"stdlib"}},
		{"stdlib+net", []string{"stdlib", "golang.org/x/net"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cat := catalogWithIndex(b, file)
				for _, m := range bc.mods {
					if len(cat.ForModule(m)) == 0 {
						b.Fatalf("no cards for %s", m)
					}
				}
			}
			b.ReportMetric(float64(n), "cards")
		})
	}
}

// BenchmarkCatalogMayAffect is the common per-process start-up under go
// vet: the catalog and the index, then the question for each imported
// module whether any card applies at its version, answered from the
// index header. Here the standard library at go1.26.8, x/net v0.56.0 and
// gin v1.10.0, which no record of the shared database affects: nothing is
// decoded. The names are the version each module is asked about.
func BenchmarkCatalogMayAffect(b *testing.B) {
	file, n := compiledShared(b)
	mods := [][2]string{{"stdlib", "v1.26.8"}, {"golang.org/x/net", "v0.56.0"}, {"github.com/gin-gonic/gin", "v1.10.0"}}
	b.ReportAllocs()
	for b.Loop() {
		cat := catalogWithIndex(b, file)
		for _, m := range mods {
			if cat.MayAffect(m[0], m[1]) {
				b.Fatalf("%s %s: some card applies; pick a newer version for this benchmark", m[0], m[1])
			}
		}
	}
	if got := len(rules.Embedded()); got == 0 {
		b.Fatal("no embedded cards")
	}
	b.ReportMetric(float64(n), "cards")
}

// BenchmarkLoadDir reads and converts every record of the shared database:
// the one-time cost of fixlint osv compile, or of the first process that
// opens the directory with -osv.
func BenchmarkLoadDir(b *testing.B) {
	needShared(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		cards, errs := LoadDir(sharedDB)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		n = len(cards)
	}
	b.ReportMetric(float64(n), "cards")
}
