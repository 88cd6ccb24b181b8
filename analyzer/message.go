package analyzer

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/rules"
)

// advice says how to get out of a card: the first fix, why it is not
// enough when another card affects it, and the go get command.
func advice(u rules.Upgrade, mod string) string {
	if u.FirstFixed == "" {
		return "no fixed version is known"
	}
	s := "first fixed in " + u.FirstFixed
	if len(u.Blockers) > 0 {
		s += fmt.Sprintf(", but %s is affected by %s", u.FirstFixed, strings.Join(u.Blockers, ", "))
	}
	return s + "; run go get " + mod + "@" + u.Recommended
}

// moduleMessage is the import-site finding for an affected module.
func moduleMessage(card *rules.Card, mod *moduleFact, u rules.Upgrade) string {
	return fmt.Sprintf("%s %s is affected by %s: %s; %s (%s)",
		mod.Path, mod.Version, card.ID, card.Title, advice(u, mod.Path), card.Links.Primary())
}

// unknownMessage is said once per module whose version cannot be known.
func unknownMessage(mod *moduleFact, cards []*rules.Card) string {
	ids := make([]string, len(cards))
	for i, c := range cards {
		ids[i] = c.ID
		if f := c.FirstFixed(); f != "" {
			ids[i] += " (fixed in " + f + ")"
		}
	}
	return fmt.Sprintf("%s is %s, so its version is unknown: fixlint cannot tell whether %s applies",
		mod.Path, mod.Unknown, strings.Join(ids, ", "))
}

// triggerMessage is the call-site finding.
func triggerMessage(card *rules.Card, t *rules.Trigger, mod *moduleFact, u rules.Upgrade) string {
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
		fmt.Fprintf(&b, " in %s %s (%s); %s", mod.Path, mod.Version, card.ID, advice(u, mod.Path))
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
