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
	// Group by place, level and module, wherever the findings are in fds
	// (findings at one place come ordered by card, not by module), and
	// keep the order of each group's first finding.
	type key struct {
		pos     Position
		level   Level
		module  string
		version string
	}
	groups := make(map[key][]Finding)
	for _, f := range fds {
		if Mergeable(f) {
			k := key{f.Position, f.Level, f.Module, f.Version}
			groups[k] = append(groups[k], f)
		}
	}
	var out []Finding
	for _, f := range fds {
		if !Mergeable(f) {
			out = append(out, f)
			continue
		}
		k := key{f.Position, f.Level, f.Module, f.Version}
		g := groups[k]
		switch {
		case g == nil:
			// merged already, at the group's first finding
		case len(g) == 1:
			out = append(out, f)
		default:
			out = append(out, reach.Merge(g))
		}
		delete(groups, k)
	}
	return out
}

// Mergeable reports whether f is of a kind that is merged with the others
// of its module at its place: a require line, an import or a call, not a
// note.
func Mergeable(f Finding) bool {
	return (f.Level == ModuleLevel || f.Level == UnusedLevel || f.Level == PackageLevel || f.Level == SymbolLevel) && f.Module != ""
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

// Nearer reports whether the code comes nearer f's card in f's module than
// f's own place says: a require line's card that a call reaches or an
// import brings in.
func (r Reach) Nearer(f Finding) bool {
	key := [2]string{f.Module, f.Card}
	switch f.Level {
	case ModuleLevel:
		return r.reached[key] || r.imported[key]
	case PackageLevel:
		return r.reached[key]
	}
	return false
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
		fmt.Fprintf(&b, "%s: %d known problems in %s (%s)", callSubject(group), len(group), name, strings.Join(ids, ", "))
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

// callSubject says what the findings at one call say of it, once: "html.Parse
// is vulnerable" when each says so, "dep.G reaches vulnerable code (for
// one: via dep.G > html.Parse)" for calls into a dependency that reach
// it, the callee alone when the findings differ, or "this code".
func callSubject(group []Finding) string {
	first := group[0].Message
	callee, _, _ := strings.Cut(first, " ")
	all := func(pred func(msg string) bool) bool {
		for _, f := range group {
			if !pred(f.Message) {
				return false
			}
		}
		return true
	}
	if callee == "" || !all(func(m string) bool { return strings.HasPrefix(m, callee+" ") }) {
		return "this code"
	}
	switch {
	case all(func(m string) bool { return strings.HasPrefix(m, callee+" is vulnerable: ") }):
		return callee + " is vulnerable"
	case all(func(m string) bool { return strings.HasPrefix(m, callee+" reaches ") }):
		s := callee + " reaches vulnerable code"
		if _, via, ok := strings.Cut(first, "; via "); ok {
			via, _, _ = strings.Cut(via, ";")
			s += " (for one: via " + via + ")"
		}
		return s
	}
	return callee
}
