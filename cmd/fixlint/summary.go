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

// summary counts a run's findings by level.
type summary struct {
	symbol, pkg, module int // listed findings at call sites, imports, go.mod
	// unused are findings in modules that provide no package to the
	// packages checked; unusedModules how many such modules.
	unused, unusedModules int
	// hidden says the unused findings were left out of the listing.
	hidden bool
}

// summarize returns the findings to list and the summary: findings of a
// level the default output does not show are counted, and listed only
// with all.
func summarize(fds []report.Finding, all bool) ([]report.Finding, summary) {
	var s summary
	listed := fds[:0:0]
	mods := map[string]bool{}
	for _, f := range fds {
		switch f.Level {
		case report.SymbolLevel:
			s.symbol++
		case report.PackageLevel:
			s.pkg++
		case report.ModuleLevel:
			s.module++
		case report.UnusedLevel:
			s.unused++
			mods[f.Module] = true
		}
		if all || f.Level.Shown() {
			listed = append(listed, f)
		}
	}
	s.unusedModules = len(mods)
	s.hidden = !all && s.unused > 0
	return listed, s
}

// String says it in one line, or "" when there is nothing to say.
func (s summary) String() string {
	var parts []string
	if n := s.symbol + s.pkg + s.module; n > 0 {
		parts = append(parts, fmt.Sprintf("%s: %d at call sites, %d at imports, %d in go.mod only",
			count(n, "finding"), s.symbol, s.pkg, s.module))
	}
	if s.unused > 0 {
		what := fmt.Sprintf("%s in %s that no checked package uses",
			count(s.unused, "finding"), count(s.unusedModules, "required module"))
		if s.hidden {
			what += " (not listed: their code is not built; -show unused lists them)"
		}
		parts = append(parts, what)
	}
	return strings.Join(parts, "; ")
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
