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
