package rules_test

import (
	"testing"

	"github.com/fixlint/fixlint/rules"
)

// BenchmarkEmbeddedCatalog is what every fixlint process pays before its
// first package: indexing the cards compiled into the binary.
func BenchmarkEmbeddedCatalog(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		cat, errs := rules.NewCatalog(rules.Embedded())
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		n = len(cat.Cards())
	}
	b.ReportMetric(float64(n), "cards")
}

// BenchmarkLoadFiles decodes the catalog's own YAML cards, as -rules does
// for a user's directory of cards.
func BenchmarkLoadFiles(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		cards, errs := rules.LoadFiles([]string{"cards"})
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		n = len(cards)
	}
	b.ReportMetric(float64(n), "cards")
}

// BenchmarkLookup is the per-call-site cost: a symbol's triggers and a
// module's cards.
func BenchmarkLookup(b *testing.B) {
	cat, _ := rules.NewCatalog(rules.Embedded())
	b.ReportAllocs()
	for b.Loop() {
		cat.ForSymbol("(*github.com/go-resty/resty/v2.Request).SetAuthScheme")
		cat.ForModule("github.com/go-resty/resty/v2")
		cat.NamesPackage("github.com/go-resty/resty/v2")
	}
}
