package analyzer

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/rules"
)

// advice says how to get out of a card: the first fix, why it is not
// enough when another card affects it, and the go get command; for a card
// no release fixes, what to do instead.
func advice(card *rules.Card, u rules.Upgrade, mod string) string {
	if !card.HasFix() {
		return rules.NoFix(card)
	}
	if u.FirstFixed == "" {
		return "no fixed version is known"
	}
	if mod == "stdlib" {
		// The standard library comes with the toolchain.
		fixed, rec := goName(u.FirstFixed), goName(u.Recommended)
		return "first fixed in " + fixed + "; build with " + rec + " or later (" + goGet(mod, u.Recommended) + ")"
	}
	s := "first fixed in " + u.FirstFixed
	if len(u.Blockers) > 0 {
		s += fmt.Sprintf(", but %s is affected by %s", u.FirstFixed, u.BlockersText())
	}
	return s + "; run " + goGet(mod, u.Recommended)
}

// goGet is the command that moves mod to version v: for the standard
// library, the toolchain that brings it.
func goGet(mod, v string) string {
	if mod == stdlib {
		return "go get toolchain@" + goName(v)
	}
	return "go get " + mod + "@" + v
}

// moduleMessage is the import-site finding for an affected module.
func moduleMessage(card *rules.Card, mod *moduleFact, u rules.Upgrade) string {
	return fmt.Sprintf("%s is affected by %s: %s; %s (%s)",
		moduleName(mod), card.ID, card.Title, advice(card, u, mod.Path), card.Links.Primary())
}

// moduleName names a module at its version: "github.com/x/y v1.2.3", or
// "the standard library of go1.26.5".
func moduleName(mod *moduleFact) string {
	if mod.Path == "stdlib" {
		return "the standard library of " + goName(mod.Version)
	}
	return mod.Path + " " + mod.Version
}

// goName spells a standard library version as a Go release: v1.26.5 is go1.26.5.
func goName(v string) string { return "go" + strings.TrimPrefix(v, "v") }

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
	case card.Kind.Documented():
		fmt.Fprintf(&b, " (%s, %s", card.ID, mod.Path)
		if t.Fix != "" {
			b.WriteString("; " + t.Fix)
		}
		b.WriteString(")")
	case card.Kind.Renames() && t.RenameTo != "":
		fmt.Fprintf(&b, " since %s %s (%s); use %s", mod.Path, rangeStart(card), card.ID, t.RenameTo)
	default:
		fmt.Fprintf(&b, " in %s (%s); %s", moduleName(mod), card.ID, advice(card, u, mod.Path))
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
