package report

import (
	"fmt"
	"strings"

	"golang.org/x/mod/semver"
)

// ByPlace merges, for people reading text, the findings of one module at
// one place (a go.mod require line, an import, a call) into one: a require
// line of golang.org/x/net can carry twenty records, and twenty lines that
// each repeat the version and the upgrade bury the one that matters. The
// merged finding names every card, says (at a require line or an import)
// how many are reached from the code (symbol findings elsewhere in fds)
// and imported, and gives the one go get that clears all that a release
// fixes. Notes stay as they are; so does a place with one finding. JSON
// keeps every finding: this is for display.
func ByPlace(fds []Finding) []Finding {
	reach := NewReach(fds)
	var out []Finding
	for i := 0; i < len(fds); {
		j := i + 1
		for j < len(fds) && mergeable(fds[i], fds[j]) {
			j++
		}
		if j-i == 1 || !Mergeable(fds[i]) {
			out = append(out, fds[i:j]...)
		} else {
			out = append(out, reach.Merge(fds[i:j]))
		}
		i = j
	}
	return out
}

// Mergeable reports whether f is of a kind that is merged with the others
// of its module at its place: a require line, an import or a call, not a
// note.
func Mergeable(f Finding) bool {
	return (f.Level == ModuleLevel || f.Level == UnusedLevel || f.Level == PackageLevel || f.Level == SymbolLevel) && f.Module != ""
}

func mergeable(a, b Finding) bool {
	return Mergeable(a) && a.Level == b.Level && a.Position == b.Position &&
		a.Module == b.Module && a.Version == b.Version
}

// Reach is which known problems a run reached from the code (a finding at
// a call site) and which it found in imported packages, by module and card.
type Reach struct {
	reached, imported map[[2]string]bool
}

// NewReach collects the reach of all of a run's findings.
func NewReach(all []Finding) Reach {
	r := Reach{make(map[[2]string]bool), make(map[[2]string]bool)}
	for _, f := range all {
		switch f.Level {
		case SymbolLevel:
			r.reached[[2]string{f.Module, f.Card}] = true
		case PackageLevel:
			r.imported[[2]string{f.Module, f.Card}] = true
		}
	}
	return r
}

// Merge makes one finding of group, which share a place, module, version
// and level.
func (r Reach) Merge(group []Finding) Finding {
	reached, imported := r.reached, r.imported
	first := group[0]
	var ids, reachedIDs, importedIDs, noFix []string
	fixed, severity, oneFix := "", "", true
	for _, f := range group {
		ids = append(ids, f.Card)
		key := [2]string{f.Module, f.Card}
		switch {
		case reached[key]:
			reachedIDs = append(reachedIDs, f.Card)
		case imported[key] && f.Level != PackageLevel:
			importedIDs = append(importedIDs, f.Card)
		}
		switch {
		case f.Fixed == "":
			noFix = append(noFix, f.Card)
		case fixed == "":
			fixed = f.Fixed
		case f.Fixed != fixed:
			oneFix = false
			if semver.Compare(f.Fixed, fixed) > 0 {
				fixed = f.Fixed
			}
		}
		if severityRank(f.Severity) > severityRank(severity) {
			severity = f.Severity
		}
	}
	name := first.Module + " " + first.Version
	if first.Module == "stdlib" {
		name = "the standard library of " + first.Version
	}
	var b strings.Builder
	if first.Level == SymbolLevel {
		// A call: what the findings say of it, once ("html.Parse is
		// vulnerable"), then the problems.
		subject := "this code"
		if s, _, ok := strings.Cut(first.Message, ": "); ok && len(s) < 120 {
			subject = s
			for _, f := range group[1:] {
				if t, _, _ := strings.Cut(f.Message, ": "); t != s {
					subject = "this code"
					break
				}
			}
		}
		fmt.Fprintf(&b, "%s: %d known problems in %s (%s)", subject, len(group), name, strings.Join(ids, ", "))
	} else {
		fmt.Fprintf(&b, "%s is affected by %d known problems (%s)", name, len(group), strings.Join(ids, ", "))
	}
	var how []string
	if len(reachedIDs) > 0 {
		how = append(how, fmt.Sprintf("%d reached from your code (%s)", len(reachedIDs), strings.Join(reachedIDs, ", ")))
	}
	if len(importedIDs) > 0 {
		how = append(how, fmt.Sprintf("%d in packages you import (%s)", len(importedIDs), strings.Join(importedIDs, ", ")))
	}
	if len(how) > 0 && first.Level != SymbolLevel {
		b.WriteString(": " + strings.Join(how, "; "))
	}
	command := ""
	for _, f := range group {
		if f.Fixed == fixed && f.Command != "" {
			command = f.Command
			break
		}
	}
	switch {
	case command != "" && !oneFix:
		// The cards disagree on the version to move to (they should not:
		// the recommended version is the module's, not the card's).
		fmt.Fprintf(&b, "; %s is the highest upgrade they advise", command)
	case command != "" && len(noFix) == 0 && len(group) == 2:
		fmt.Fprintf(&b, "; %s fixes both", command)
	case command != "" && len(noFix) == 0:
		fmt.Fprintf(&b, "; %s fixes all %d", command, len(group))
	case command != "":
		fmt.Fprintf(&b, "; %s fixes %d; no release fixes %s", command, len(group)-len(noFix), strings.Join(noFix, ", "))
	case len(noFix) == len(group):
		b.WriteString("; no release fixes them")
	}
	b.WriteString(" (fixlint explain ID, or -format json, for each)")
	return Finding{
		Card: ids[0], Level: first.Level, Severity: severity, Module: first.Module, Version: first.Version,
		Fixed: fixed, Position: first.Position, Message: b.String(), Command: command,
	}
}

func severityRank(s string) int {
	for i, x := range []string{"low", "medium", "high", "critical"} {
		if strings.EqualFold(s, x) {
			return i + 1
		}
	}
	return 0
}
