package analyzer

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// upgrade says which version to move a module to, for one card.
type upgrade struct {
	firstFixed  string // the card's earliest fix above the version in use
	recommended string // the earliest version free of every known problem of the module
	blockers    []string
}

// planUpgrade works out the upgrade for card at version v, given every card
// about the same module: recommending a release that fixes this card but is
// hit by another would only move the user from one finding to the next.
func planUpgrade(card *rules.Card, all []*rules.Card, v string) upgrade {
	u := upgrade{firstFixed: versions.EarliestFix(card.Affected, v)}
	var union []versions.Range
	for _, c := range all {
		if c.HasFix() {
			union = append(union, c.Affected...)
		}
	}
	u.recommended = versions.EarliestFix(union, v)
	if u.recommended == "" {
		u.recommended = u.firstFixed
	}
	if u.recommended != u.firstFixed && u.firstFixed != "" {
		for _, c := range all {
			if c != card && versions.Check(c.Affected, u.firstFixed) == versions.Affected {
				u.blockers = append(u.blockers, c.ID)
			}
		}
	}
	return u
}

// getCommand is the command that upgrades module mod to version v.
func getCommand(mod, v string) string { return "go get " + mod + "@" + v }

func (u upgrade) advice(mod string) string {
	if u.firstFixed == "" {
		return ""
	}
	s := "first fixed in " + u.firstFixed
	if len(u.blockers) > 0 {
		s += fmt.Sprintf(", but %s is affected by %s", u.firstFixed, strings.Join(u.blockers, ", "))
	}
	return s + "; run " + getCommand(mod, u.recommended)
}

// moduleMessage is the import-site finding for an affected module.
func moduleMessage(card *rules.Card, mod *moduleFact, u upgrade) string {
	return fmt.Sprintf("%s %s is affected by %s: %s; %s (%s)",
		mod.Path, mod.Version, card.ID, card.Title, u.advice(mod.Path), card.Links.Primary())
}

// unknownMessage is said once per module whose version cannot be known.
func unknownMessage(mod *moduleFact, cards []*rules.Card) string {
	ids := make([]string, len(cards))
	for i, c := range cards {
		ids[i] = c.ID + " (fixed in " + c.FirstFixed() + ")"
	}
	return fmt.Sprintf("%s is %s, so its version is unknown: fixlint cannot tell whether %s applies",
		mod.Path, mod.Unknown, strings.Join(ids, ", "))
}

// triggerMessage is the call-site finding.
func triggerMessage(card *rules.Card, t *rules.Trigger, mod *moduleFact, u upgrade) string {
	var b strings.Builder
	b.WriteString(t.Message)
	switch {
	case card.Kind == rules.Pitfall:
		fmt.Fprintf(&b, " (%s, %s", card.ID, mod.Path)
		if t.Fix != "" {
			b.WriteString("; " + t.Fix)
		}
		b.WriteString(")")
	case card.Kind == rules.Deprecation && t.RenameTo != "":
		fmt.Fprintf(&b, " since %s %s (%s); use %s", mod.Path, rangeStart(card), card.ID, t.RenameTo)
	default:
		fmt.Fprintf(&b, " in %s %s (%s); %s", mod.Path, mod.Version, card.ID, u.advice(mod.Path))
		if t.Fix != "" {
			b.WriteString(", or " + t.Fix)
		}
	}
	if link := card.Links.Primary(); link != "" {
		b.WriteString(" " + link)
	}
	return b.String()
}

func rangeStart(card *rules.Card) string {
	if len(card.Affected) == 0 || card.Affected[0].Introduced == "" {
		return "the first version"
	}
	return card.Affected[0].Introduced
}
