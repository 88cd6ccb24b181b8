package rules

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/internal/versions"
)

// Upgrade is the way out of one card at one version.
type Upgrade struct {
	// FirstFixed is the card's earliest fixed version above the version in use.
	FirstFixed string
	// Recommended is the earliest version above the version in use that no
	// card of the module with a fixed release affects: recommending a
	// release that fixes this card but is hit by another only moves the
	// user from one finding to the next. It falls back to FirstFixed.
	Recommended string
	// Blockers are the cards that affect FirstFixed, when it is not
	// the recommended version.
	Blockers []string
}

// PlanUpgrade works out the Upgrade for card at version v; all holds every
// card about the same module.
//
// A card with no fixed release gets no upgrade at all: a version that
// fixes the module's other problems is still affected by this one, and
// advising it here would say otherwise.
func PlanUpgrade(card *Card, all []*Card, v string) Upgrade {
	if !card.HasFix() {
		return Upgrade{}
	}
	u := Upgrade{FirstFixed: versions.EarliestFix(card.Affected, v)}
	var union []versions.Range
	for _, c := range all {
		if c.HasFix() {
			union = append(union, c.Affected...)
		}
	}
	u.Recommended = versions.EarliestFix(union, v)
	if u.Recommended == "" {
		u.Recommended = u.FirstFixed
	}
	if u.Recommended != u.FirstFixed && u.FirstFixed != "" {
		for _, c := range all {
			if c != card && c.HasFix() && versions.Check(c.Affected, u.FirstFixed) == versions.Affected {
				u.Blockers = append(u.Blockers, c.ID)
			}
		}
	}
	return u
}

// BlockersText names the blockers, or for more than three, the first two
// and how many more: a line that lists twenty IDs buries its advice, and
// fixlint explain or JSON has them all.
func (u Upgrade) BlockersText() string {
	if len(u.Blockers) <= 3 {
		return strings.Join(u.Blockers, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(u.Blockers[:2], ", "), len(u.Blockers)-2)
}

// NoFix says what to do about a card that no release fixes: its one fix
// option when that fits on a line (an OSV record's "avoid the affected
// packages and symbols, or replace the module"), else where to read them.
func NoFix(card *Card) string {
	switch {
	case len(card.FixOptions) == 1 && !strings.Contains(strings.TrimSpace(card.FixOptions[0].How), "\n") && len(card.FixOptions[0].How) <= 100:
		return "no release fixes it: " + strings.TrimSpace(card.FixOptions[0].How)
	case len(card.FixOptions) > 0:
		return "no release fixes it; fixlint explain " + card.ID + " says what to do instead"
	}
	return "no release fixes it; the advisory says whether a workaround exists"
}

// KnownProblemAt reports whether some card about module mod with a fixed
// release affects version v: fixlint never advises moving to such a
// version, whatever the reason for the move.
func (c *Catalog) KnownProblemAt(mod, v string) bool {
	for _, card := range c.ForModule(mod) {
		if card.HasFix() && versions.Check(card.Affected, v) == versions.Affected {
			return true
		}
	}
	return false
}
