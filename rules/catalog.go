package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/semver"
)

// Catalog is a read-only set of cards, indexed by module and by symbol.
type Catalog struct {
	cards    []*Card
	byID     map[string]*Card
	byModule map[string][]*Card
	// bySymbol maps a trigger's symbol (and a with.calls symbol is not
	// included) to the cards and triggers that name it.
	bySymbol map[string][]TriggerRef
	// byPkg maps each package path that some trigger names to true, so an
	// analyzer can skip packages that import none of them.
	byPkg map[string]bool
}

// TriggerRef points at one trigger of one card.
type TriggerRef struct {
	Card    *Card
	Trigger *Trigger
}

// NewCatalog indexes cards. A card whose ID is already taken is an error
// and is left out; every other card is kept.
func NewCatalog(cards []*Card) (*Catalog, Errors) {
	c := &Catalog{
		byID:     make(map[string]*Card, len(cards)),
		byModule: make(map[string][]*Card),
		bySymbol: make(map[string][]TriggerRef),
		byPkg:    make(map[string]bool),
	}
	var errs Errors
	for _, card := range cards {
		if prev, ok := c.byID[card.ID]; ok {
			errs = append(errs, &Error{File: card.Source, Msg: fmt.Sprintf("card %s is already defined in %s; this one is ignored", card.ID, prev.Source)})
			continue
		}
		c.byID[card.ID] = card
		c.cards = append(c.cards, card)
		c.byModule[card.Module] = append(c.byModule[card.Module], card)
		for i := range card.Triggers {
			t := &card.Triggers[i]
			c.bySymbol[t.Symbol()] = append(c.bySymbol[t.Symbol()], TriggerRef{card, t})
			if sym, err := ParseSymbol(t.Symbol()); err == nil {
				c.byPkg[sym.PkgPath] = true
			}
		}
	}
	sort.Slice(c.cards, func(i, j int) bool { return c.cards[i].ID < c.cards[j].ID })
	return c, errs
}

// Cards returns every card, sorted by ID. The caller must not modify them.
func (c *Catalog) Cards() []*Card { return c.cards }

// Card returns the card with the given ID or alias, or nil.
func (c *Catalog) Card(id string) *Card {
	if card, ok := c.byID[id]; ok {
		return card
	}
	for _, card := range c.cards {
		for _, a := range card.Aliases {
			if strings.EqualFold(a, id) {
				return card
			}
		}
	}
	return nil
}

// ForModule returns the cards about module path mod.
func (c *Catalog) ForModule(mod string) []*Card { return c.byModule[mod] }

// HasModule reports whether any card is about module path mod.
func (c *Catalog) HasModule(mod string) bool { return len(c.byModule[mod]) > 0 }

// ForSymbol returns the triggers that name symbol, spelled as
// (*types.Func).FullName or a type's or field's full name.
func (c *Catalog) ForSymbol(symbol string) []TriggerRef { return c.bySymbol[symbol] }

// NamesPackage reports whether some trigger names a symbol of package path.
func (c *Catalog) NamesPackage(path string) bool { return c.byPkg[path] }

// embeddedCards is set by catalog_gen.go.
var embeddedCards []*Card

var embedded = sync.OnceValue(func() []*Card {
	for _, card := range embeddedCards {
		// Generated cards were validated when generated; sorting here keeps
		// the generator free to print ranges in file order.
		sortRanges(card)
	}
	return embeddedCards
})

// Embedded returns the cards compiled into fixlint.
func Embedded() []*Card { return embedded() }

func sortRanges(card *Card) {
	sort.SliceStable(card.Affected, func(i, j int) bool {
		a, b := card.Affected[i].Introduced, card.Affected[j].Introduced
		if a == "" || b == "" {
			return a == "" && b != ""
		}
		return semver.Compare(a, b) < 0
	})
}

func versionsLess(a, b string) bool { return semver.Compare(a, b) < 0 }

// LoadFiles reads card files and directories of card files (*.yaml, *.yml,
// recursively). It returns every card it could read and every problem it
// found; one broken file does not hide the others.
func LoadFiles(paths []string) ([]*Card, Errors) {
	var cards []*Card
	var errs Errors
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &Error{File: p, Msg: err.Error()})
			continue
		}
		if !info.IsDir() {
			cards, errs = loadFile(p, cards, errs)
			continue
		}
		walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &Error{File: path, Msg: err.Error()})
				return nil
			}
			if d.Type().IsRegular() && isCardFile(path) {
				cards, errs = loadFile(path, cards, errs)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, &Error{File: p, Msg: walkErr.Error()})
		}
	}
	return cards, errs
}

func isCardFile(path string) bool {
	ext := filepath.Ext(path)
	return ext == ".yaml" || ext == ".yml"
}

func loadFile(path string, cards []*Card, errs Errors) ([]*Card, Errors) {
	data, err := os.ReadFile(path)
	if err != nil {
		return cards, append(errs, &Error{File: path, Msg: err.Error()})
	}
	card, err := DecodeCard(path, data)
	if err != nil {
		if es, ok := err.(Errors); ok {
			return cards, append(errs, es...)
		}
		return cards, append(errs, &Error{File: path, Msg: err.Error()})
	}
	return append(cards, card), errs
}
