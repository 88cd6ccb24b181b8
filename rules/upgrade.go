package rules

import "github.com/fixlint/fixlint/internal/versions"

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
func PlanUpgrade(card *Card, all []*Card, v string) Upgrade {
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
			if c != card && versions.Check(c.Affected, u.FirstFixed) == versions.Affected {
				u.Blockers = append(u.Blockers, c.ID)
			}
		}
	}
	return u
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
