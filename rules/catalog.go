package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/versions"
)

// Catalog is a set of cards, indexed by module and by symbol. The cards
// given to NewCatalog are indexed at once; cards from a Source (an OSV
// database) are decoded the first time their module is asked for, so a
// process pays only for the modules its packages import. It is safe for
// concurrent use, and cards are never modified once in it.
type Catalog struct {
	mu      sync.RWMutex
	sources []Source
	loaded  map[string]bool // modules of the sources already decoded
	srcErrs []sourceError

	cards    []*Card
	byID     map[string]*Card
	byModule map[string][]*Card
	// bySymbol maps a trigger's symbol (and a with.calls symbol is not
	// included) to the cards and triggers that name it.
	bySymbol map[string][]TriggerRef
	// byAlias maps the IDs and aliases of the cards given to NewCatalog
	// (module + " " + id) to their card, so that a source's record of the
	// same problem (an OSV record aliased by a hand-written card) is not
	// reported twice.
	byAlias map[string]*Card
	// byPkg maps each package path that some trigger names to true, so an
	// analyzer can skip packages that import none of them.
	byPkg map[string]bool
}

// Source supplies cards by module, lazily.
type Source interface {
	// HasModule reports whether the source has cards about module path mod.
	HasModule(mod string) bool
	// Cards decodes the cards about module path mod. With an error, the
	// cards it returns (if any) are still used.
	Cards(mod string) ([]*Card, error)
	// Modules lists every module the source has cards about.
	Modules() []string
}

// RangeSummary is what a Source may also know without decoding its cards:
// whether any card about a module can apply at a version.
type RangeSummary interface {
	// MayAffect reports false only when no card of the source about
	// module mod applies at version.
	MayAffect(mod, version string) bool
}

// AddSource adds a lazily decoded source of cards. Cards of a source never
// replace the catalog's own: a card whose ID the catalog already has from
// another file is left out.
func (c *Catalog) AddSource(s Source) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sources = append(c.sources, s)
}

// sourceError is a problem met decoding a source's cards about a module.
type sourceError struct {
	module string
	err    *Error
}

// SourceErrors returns the problems met decoding cards from sources so far
// (a corrupt OSV index, say): the cards concerned may be missing, so a
// driver must report them as errors.
func (c *Catalog) SourceErrors() Errors {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var errs Errors
	for _, e := range c.srcErrs {
		errs = append(errs, e.err)
	}
	return errs
}

// SourceErrorsOf returns the problems met decoding the sources' cards about
// module mod, for a driver that reports them where the module is used.
func (c *Catalog) SourceErrorsOf(mod string) Errors {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var errs Errors
	for _, e := range c.srcErrs {
		if e.module == mod {
			errs = append(errs, e.err)
		}
	}
	return errs
}

// load decodes the sources' cards about mod, once.
func (c *Catalog) load(mod string) {
	c.mu.RLock()
	done := c.loaded[mod] || len(c.sources) == 0
	c.mu.RUnlock()
	if done {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded[mod] {
		return
	}
	c.loaded[mod] = true
	for _, s := range c.sources {
		if !s.HasModule(mod) {
			continue
		}
		// A source may return cards with an error (an OSV index that was
		// rebuilt says so): both are kept.
		cards, err := s.Cards(mod)
		if err != nil {
			c.srcErrs = append(c.srcErrs, sourceError{mod, &Error{Msg: err.Error()}})
		}
		for _, card := range cards {
			c.add(card, true)
		}
	}
}

// LoadAll decodes every card of every source (for listings and explain).
func (c *Catalog) LoadAll() {
	c.mu.RLock()
	var mods []string
	for _, s := range c.sources {
		mods = append(mods, s.Modules()...)
	}
	c.mu.RUnlock()
	for _, m := range mods {
		c.load(m)
	}
	c.mu.Lock()
	sort.Slice(c.cards, func(i, j int) bool { return c.cards[i].ID < c.cards[j].ID })
	c.mu.Unlock()
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
		loaded:   make(map[string]bool),
		byAlias:  make(map[string]*Card),
		byID:     make(map[string]*Card, len(cards)),
		byModule: make(map[string][]*Card),
		bySymbol: make(map[string][]TriggerRef),
		byPkg:    make(map[string]bool),
	}
	var errs Errors
	for _, card := range cards {
		if prev, ok := c.byID[card.ID]; ok && prev.Source != card.Source {
			errs = append(errs, &Error{File: card.Source, Msg: fmt.Sprintf("card %s is already defined in %s; this one is ignored", card.ID, prev.Source)})
			continue
		}
		c.add(card, false)
	}
	sort.Slice(c.cards, func(i, j int) bool { return c.cards[i].ID < c.cards[j].ID })
	return c, errs
}

// add indexes a card; the caller holds c.mu or owns c. One source file may
// hold cards with one ID for several modules (an OSV record). With lazy,
// a card whose ID is taken by another file is skipped.
func (c *Catalog) add(card *Card, lazy bool) {
	if lazy {
		for _, id := range append([]string{card.ID}, card.Aliases...) {
			if c.byAlias[card.Module+" "+id] != nil {
				return // the catalog has its own card for this problem
			}
		}
	} else {
		for _, id := range append([]string{card.ID}, card.Aliases...) {
			c.byAlias[card.Module+" "+id] = card
		}
	}
	if prev, ok := c.byID[card.ID]; ok {
		if lazy && prev.Source != card.Source {
			return
		}
	} else {
		c.byID[card.ID] = card
	}
	c.cards = append(c.cards, card)
	c.byModule[card.Module] = append(c.byModule[card.Module], card)
	for i := range card.Triggers {
		t := &card.Triggers[i]
		key := NormalizeSymbol(t.Symbol())
		c.bySymbol[key] = append(c.bySymbol[key], TriggerRef{card, t})
		if sym, err := ParseSymbol(t.Symbol()); err == nil {
			c.byPkg[sym.PkgPath] = true
		}
	}
}

// NormalizeSymbol spells methods without the receiver's pointer, so that
// "(*p.T).M" and "(p.T).M" meet: a type cannot have both, and OSV records
// do not say which one a method has.
func NormalizeSymbol(s string) string {
	if strings.HasPrefix(s, "(*") {
		return "(" + s[2:]
	}
	return s
}

// Cards returns every card decoded so far, sorted by ID (after LoadAll,
// every card). The caller must not modify them.
func (c *Catalog) Cards() []*Card {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.cards
}

// Card returns the card with the given ID or alias, or nil.
func (c *Catalog) Card(id string) *Card {
	c.mu.RLock()
	defer c.mu.RUnlock()
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

// Find returns the card with the given ID or alias in any case (fix-0002,
// ghsa-r277-6w6q-xmqw), for people typing an ID; nil if there is none.
// Matching in reports stays exact (Card).
func (c *Catalog) Find(id string) *Card {
	if card := c.Card(id); card != nil {
		return card
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, card := range c.cards {
		if strings.EqualFold(card.ID, id) {
			return card
		}
	}
	return nil
}

// Knows reports whether some card, decoded or not, has the ID or alias id.
// It decodes every source when the cards decoded so far do not have it: a
// rare path (an ignore directive that matched nothing), where a wrong "no
// such card" would send the user after a typo that is not there.
func (c *Catalog) Knows(id string) bool {
	if c.Card(id) != nil {
		return true
	}
	c.mu.RLock()
	n := len(c.sources)
	c.mu.RUnlock()
	if n == 0 {
		return false
	}
	c.LoadAll()
	return c.Card(id) != nil
}

// CardOf returns the card with the given ID or alias about module mod, or
// else Card(id). One OSV record about several modules becomes a card for
// each, all with the record's ID.
func (c *Catalog) CardOf(id, mod string) *Card {
	if mod != "" {
		for _, card := range c.ForModule(mod) {
			if card.ID == id {
				return card
			}
		}
		for _, card := range c.ForModule(mod) {
			for _, a := range card.Aliases {
				if strings.EqualFold(a, id) {
					return card
				}
			}
		}
	}
	return c.Card(id)
}

// ForModule returns the cards about module path mod, decoding them from the
// sources the first time.
func (c *Catalog) ForModule(mod string) []*Card {
	c.load(mod)
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.byModule[mod]
}

// HasModule reports whether any card is about module path mod.
func (c *Catalog) HasModule(mod string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if len(c.byModule[mod]) > 0 {
		return true
	}
	for _, s := range c.sources {
		if s.HasModule(mod) {
			return true
		}
	}
	return false
}

// MayAffect reports whether some card about module mod can apply at
// version: one whose ranges hold it, a pitfall (any version), or any card
// when the version cannot be compared. When it is false, nothing about mod
// can be reported at version, and the cards of a source that implements
// RangeSummary are not decoded.
func (c *Catalog) MayAffect(mod, version string) bool {
	if !versions.Known(version) {
		return c.HasModule(mod)
	}
	c.mu.RLock()
	cards, loaded, sources := c.byModule[mod], c.loaded[mod], c.sources
	c.mu.RUnlock()
	for _, card := range cards {
		if card.AffectsVersion(version) {
			return true
		}
	}
	if loaded {
		return false // cards holds the sources' cards too
	}
	for _, s := range sources {
		if !s.HasModule(mod) {
			continue
		}
		sum, ok := s.(RangeSummary)
		if !ok {
			// Only the cards can tell.
			c.load(mod)
			return c.MayAffect(mod, version)
		}
		if sum.MayAffect(mod, version) {
			return true
		}
	}
	return false
}

// ForSymbol returns the triggers that name symbol, spelled as
// (*types.Func).FullName or a type's or field's full name, among the cards
// decoded so far: call ForModule for the symbol's module first.
func (c *Catalog) ForSymbol(symbol string) []TriggerRef {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.bySymbol[NormalizeSymbol(symbol)]
}

// NamesPackage reports whether some trigger names a symbol of package path.
func (c *Catalog) NamesPackage(path string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.byPkg[path]
}

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
//
// A path given is read whatever its name; in a directory, every entry
// named *.yaml or *.yml that is not a directory is a card file. Card files
// are read only if regular (links followed) and at most MaxCardSize long:
// a FIFO, a device, a dangling or looping link is an error naming it, never
// a read that blocks or does not end, nor a card left out in silence.
// Links to directories inside a directory are not followed, so a link
// loop cannot make the walk endless.
func LoadFiles(paths []string) ([]*Card, Errors) {
	var cards []*Card
	var errs Errors
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fileError(p, err))
			continue
		}
		if !info.IsDir() {
			cards, errs = loadFile(p, cards, errs)
			continue
		}
		// The separator makes WalkDir enter p when p is itself a link to
		// a directory (it does not follow links, the root's included).
		root := p + string(filepath.Separator)
		walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fileError(path, err))
				return nil
			}
			if !d.IsDir() && isCardFile(path) {
				cards, errs = loadFile(path, cards, errs)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, fileError(p, walkErr))
		}
	}
	return cards, errs
}

func isCardFile(path string) bool {
	ext := filepath.Ext(path)
	return ext == ".yaml" || ext == ".yml"
}

func loadFile(path string, cards []*Card, errs Errors) ([]*Card, Errors) {
	data, err := fileio.ReadRegular(path, MaxCardSize)
	if err != nil {
		return cards, append(errs, fileError(path, err))
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

// fileError is an error about reading path, naming it once.
func fileError(path string, err error) *Error {
	var tooLarge *fileio.TooLargeError
	if errors.As(err, &tooLarge) {
		return &Error{File: path, Msg: fmt.Sprintf("larger than %s, the limit for a card file", fileio.Size(tooLarge.Limit))}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{File: path, Msg: strings.TrimPrefix(err.Error(), path+": ")}
}
