package rules

import (
	"fmt"
	"sync"
	"testing"

	"github.com/fixlint/fixlint/internal/versions"
)

// fakeSource serves a few cards per module, like an OSV index.
type fakeSource struct{ mods []string }

func (s fakeSource) HasModule(m string) bool {
	for _, x := range s.mods {
		if x == m {
			return true
		}
	}
	return false
}

func (s fakeSource) Modules() []string { return s.mods }

func (s fakeSource) Cards(m string) ([]*Card, error) {
	var cards []*Card
	for i := 0; i < 3; i++ {
		cards = append(cards, &Card{
			ID: fmt.Sprintf("GO-%s-%d", m, i), Module: m, Kind: Security, Severity: High,
			Affected: []versions.Range{{Fixed: "v1.0.0"}}, Source: "fake/" + m,
			Triggers: []Trigger{{Uses: m + "/pkg.F" + fmt.Sprint(i), Message: "m"}},
		})
	}
	return cards, nil
}

// TestCatalogConcurrent exercises lazy loading from many goroutines, as
// parallel analysis passes do; run it with -race.
func TestCatalogConcurrent(t *testing.T) {
	var mods []string
	for i := 0; i < 50; i++ {
		mods = append(mods, fmt.Sprintf("example.com/m%d", i))
	}
	cat, _ := NewCatalog(Embedded())
	cat.AddSource(fakeSource{mods})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range mods {
				m := mods[(i+g*7)%len(mods)]
				if !cat.HasModule(m) {
					t.Errorf("HasModule(%s) = false", m)
				}
				if n := len(cat.ForModule(m)); n != 3 {
					t.Errorf("ForModule(%s): %d cards", m, n)
				}
				if len(cat.ForSymbol(m+"/pkg.F1")) != 1 {
					t.Errorf("ForSymbol after ForModule(%s) finds nothing", m)
				}
				cat.Card("FIX-0002")
			}
		}(g)
	}
	wg.Wait()
	cat.LoadAll()
	if n := len(cat.Cards()); n != len(Embedded())+150 {
		t.Errorf("%d cards after LoadAll, want %d", n, len(Embedded())+150)
	}
}

// summarizedSource is a fakeSource that also answers MayAffect from a
// summary, and counts the modules it decodes.
type summarizedSource struct {
	fakeSource
	decoded *[]string
}

func (s summarizedSource) Cards(m string) ([]*Card, error) {
	*s.decoded = append(*s.decoded, m)
	return s.fakeSource.Cards(m)
}

func (s summarizedSource) MayAffect(m, v string) bool {
	return s.HasModule(m) && (!versions.Known(v) || versions.Check([]versions.Range{{Fixed: "v1.0.0"}}, v) == versions.Affected)
}

func TestMayAffect(t *testing.T) {
	own := []*Card{
		{ID: "FIX-1", Module: "example.com/own", Kind: Bug, Affected: []versions.Range{{Introduced: "v1.2.0", Fixed: "v1.3.0"}}},
		{ID: "FIX-2", Module: "example.com/pit", Kind: Pitfall},
	}
	var decoded []string
	cat, errs := NewCatalog(own)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	cat.AddSource(summarizedSource{fakeSource{[]string{"example.com/a", "example.com/own"}}, &decoded})
	tests := []struct {
		mod, v string
		want   bool
	}{
		{"example.com/own", "v1.2.5", true},  // the catalog's own card
		{"example.com/own", "v0.9.0", true},  // the source's card
		{"example.com/own", "v1.5.0", false}, // neither
		{"example.com/pit", "v9.0.0", true},  // a pitfall applies at any version
		{"example.com/a", "v0.9.0", true},
		{"example.com/a", "v1.0.0", false},
		{"example.com/a", "v0.0.0-00010101000000-000000000000", true}, // unknown: the cards must tell
		{"example.com/none", "v0.1.0", false},
		{"example.com/none", "bogus", false},
	}
	for _, tt := range tests {
		if got := cat.MayAffect(tt.mod, tt.v); got != tt.want {
			t.Errorf("MayAffect(%s, %s) = %v, want %v", tt.mod, tt.v, got, tt.want)
		}
	}
	if len(decoded) != 0 {
		t.Errorf("MayAffect decoded %v; a summary should have answered", decoded)
	}

	// A source without a summary is decoded to answer, once.
	cat2, _ := NewCatalog(nil)
	cat2.AddSource(fakeSource{[]string{"example.com/a"}})
	if !cat2.MayAffect("example.com/a", "v0.5.0") || cat2.MayAffect("example.com/a", "v1.1.0") {
		t.Error("MayAffect from decoded cards is wrong")
	}
	if n := len(cat2.ForModule("example.com/a")); n != 3 {
		t.Errorf("%d cards after MayAffect, want 3 (decoded once)", n)
	}
}

// brokenSource fails for module "bad" and, for module "rebuilt", returns
// its cards with an error (an OSV index compiled again says so).
type brokenSource struct{ fakeSource }

func (s brokenSource) Cards(m string) ([]*Card, error) {
	switch m {
	case "bad":
		return nil, fmt.Errorf("index: the cards of bad are corrupt")
	case "rebuilt":
		cards, _ := s.fakeSource.Cards(m)
		return cards, fmt.Errorf("index: the cards of rebuilt were corrupt; rebuilt")
	}
	return s.fakeSource.Cards(m)
}

// TestSourceErrors: a source's errors are kept by module, and cards that
// come with an error are used.
func TestSourceErrors(t *testing.T) {
	cat, _ := NewCatalog(nil)
	cat.AddSource(brokenSource{fakeSource{[]string{"bad", "good", "rebuilt"}}})
	if got := len(cat.ForModule("good")); got != 3 || len(cat.SourceErrors()) != 0 {
		t.Fatalf("good: %d cards, errors %v", got, cat.SourceErrors())
	}
	if got := len(cat.ForModule("bad")); got != 0 {
		t.Errorf("bad: %d cards", got)
	}
	if got := len(cat.ForModule("rebuilt")); got != 3 {
		t.Errorf("rebuilt: %d cards, want the 3 that came with the error", got)
	}
	if errs := cat.SourceErrors(); len(errs) != 2 || errs[0].Error() != "index: the cards of bad are corrupt" {
		t.Errorf("SourceErrors() = %v", errs)
	}
	if errs := cat.SourceErrorsOf("rebuilt"); len(errs) != 1 || errs[0].Error() != "index: the cards of rebuilt were corrupt; rebuilt" {
		t.Errorf("SourceErrorsOf(rebuilt) = %v", errs)
	}
	if errs := cat.SourceErrorsOf("good"); len(errs) != 0 {
		t.Errorf("SourceErrorsOf(good) = %v", errs)
	}
}
