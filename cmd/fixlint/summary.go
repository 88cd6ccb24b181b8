package main

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/internal/report"
)

// showFlag is -show: what the default output counts but does not list.
type showFlag struct {
	unused bool
}

func (s *showFlag) String() string {
	if s.unused {
		return "unused"
	}
	return ""
}

func (s *showFlag) Set(v string) error {
	for _, w := range strings.Split(v, ",") {
		switch strings.TrimSpace(w) {
		case "unused":
			s.unused = true
		case "":
		default:
			return fmt.Errorf("unknown value %q (want unused)", w)
		}
	}
	return nil
}

// summary counts the known problems a run found, each (module, card) once
// at the level closest to the code: reached from it (a call site), in a
// package it imports, in a module it requires, or in a required module
// that no checked package uses.
type summary struct {
	reached, imported, required int
	unused, unusedModules       int
	// hidden says the unused findings were left out of the listing.
	hidden bool
}

// levelRank orders the levels from the code outwards; notes are not
// problems in a module.
var levelRank = map[report.Level]int{
	report.SymbolLevel: 4, report.PackageLevel: 3, report.ModuleLevel: 2, report.UnusedLevel: 1,
}

// summarize returns the findings to list and the summary: findings of a
// level the default output does not show are counted, and listed only
// with all.
func summarize(fds []report.Finding, all bool) ([]report.Finding, summary) {
	var s summary
	listed := fds[:0:0]
	closest := map[[2]string]report.Level{}
	for _, f := range fds {
		if r := levelRank[f.Level]; r > 0 {
			key := [2]string{f.Module, f.Card}
			if r > levelRank[closest[key]] {
				closest[key] = f.Level
			}
		}
		if all || f.Level.Shown() {
			listed = append(listed, f)
		}
	}
	mods := map[string]bool{}
	for key, l := range closest {
		switch l {
		case report.SymbolLevel:
			s.reached++
		case report.PackageLevel:
			s.imported++
		case report.ModuleLevel:
			s.required++
		case report.UnusedLevel:
			s.unused++
			mods[key[0]] = true
		}
	}
	s.unusedModules = len(mods)
	s.hidden = !all && s.unused > 0
	return listed, s
}

// String says it in one line, or "" when there is nothing to say.
func (s summary) String() string {
	var parts []string
	if n := s.reached + s.imported + s.required; n > 0 {
		parts = append(parts, fmt.Sprintf("%s: %d reached from your code, %d in packages you import, %d in modules you require",
			report.Count(n, "known problem"), s.reached, s.imported, s.required))
	}
	if s.unused > 0 {
		what := fmt.Sprintf("%s in %s that no checked package uses",
			report.Count(s.unused, "known problem"), report.Count(s.unusedModules, "required module"))
		if s.hidden {
			what += " (not listed: no checked package imports them, directly or not; -show unused lists them)"
		}
		parts = append(parts, what)
	}
	return strings.Join(parts, "; ")
}
