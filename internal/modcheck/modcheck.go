// Package modcheck reports, at the go.mod require lines of the main
// modules, every module whose selected version is affected by a card with a
// fixed release: once per module per run, including modules that no package
// imports. Only the standalone command and the editor run it; analyzers
// cannot report in go.mod (see analyzer's import-site findings instead).
package modcheck

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/directive"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// Options filter the findings.
type Options struct {
	// Reports says whether a card's findings are wanted; nil means all.
	Reports func(*rules.Card) bool
	// Provides, when set, holds the modules that provide a package to the
	// packages checked. A module that no go.mod requires and that provides
	// no package is only in the module graph (a dependency's requirement
	// that the build prunes): its code is not built, so it is not reported.
	Provides map[string]bool
}

// goModFile is a parsed go.mod of a main module.
type goModFile struct {
	path string
	data []byte
	file *modfile.File
}

// Check returns the go.mod findings for list against cat, and the errors
// met on the way (a go.mod that does not parse); one bad go.mod does not
// stop the others from being checked.
func Check(list *buildlist.List, cat *rules.Catalog, opts Options) ([]report.Finding, []error) {
	var errs []error
	var mods []goModFile
	for _, m := range list.Main {
		if m.GoMod == "" {
			continue
		}
		data, err := os.ReadFile(m.GoMod)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := modfile.Parse(m.GoMod, data, nil)
		if err != nil {
			errs = append(errs, err) // modfile names file:line
			continue
		}
		mods = append(mods, goModFile{m.GoMod, data, f})
	}
	if len(mods) == 0 {
		return nil, errs
	}
	paths := make([]string, 0, len(list.ByPath))
	for p := range list.ByPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)

	var out []report.Finding
	out = append(out, stdlib(list, mods[0], cat, opts)...)
	for _, path := range paths {
		m := list.ByPath[path]
		cards := cat.ForModule(path)
		if m.Main || len(cards) == 0 {
			continue
		}
		pos, ignores, required := where(mods, path)
		if !required && opts.Provides != nil && !opts.Provides[path] {
			continue
		}
		version, unknown := m.Selected()
		if unknown == "" && !versions.Known(version) {
			unknown = "at version " + version
		}
		var unknownCards []string
		for _, card := range cards {
			if !card.ModuleLevel() || (opts.Reports != nil && !opts.Reports(card)) {
				continue
			}
			if unknown != "" {
				id := card.ID
				if f := card.FirstFixed(); f != "" {
					id += " (fixed in " + f + ")"
				}
				unknownCards = append(unknownCards, id)
				continue
			}
			if versions.Check(card.Affected, version) != versions.Affected {
				continue
			}
			if ignores.covers(card.ID) {
				continue
			}
			u := rules.PlanUpgrade(card, cards, version)
			f := report.Finding{
				Card: card.ID, Level: report.ModuleLevel, Severity: string(card.Severity),
				Module: path, Version: version, Fixed: u.Recommended, Position: pos,
				Message: message(card, path, version, u, m),
				URL:     card.Links.Primary(),
			}
			if u.Recommended != "" {
				f.Command = "go get " + path + "@" + u.Recommended
			}
			out = append(out, f)
		}
		if len(unknownCards) > 0 && !ignores.covers("unknown-version") {
			out = append(out, report.Finding{
				Card: "unknown-version", Level: report.NoteLevel, Severity: string(rules.Low),
				Module: path, Position: pos,
				Message: fmt.Sprintf("%s is %s, so its version is unknown: fixlint cannot tell whether %s applies",
					path, unknown, strings.Join(unknownCards, ", ")),
			})
		}
	}
	return out, errs
}

func message(card *rules.Card, path, version string, u rules.Upgrade, m *buildlist.Module) string {
	s := fmt.Sprintf("%s %s is affected by %s: %s", path, version, card.ID, card.Title)
	if u.FirstFixed == "" {
		s += "; no fixed version is known"
	} else {
		s += "; first fixed in " + u.FirstFixed
		if len(u.Blockers) > 0 {
			s += fmt.Sprintf(", but %s is affected by %s", u.FirstFixed, strings.Join(u.Blockers, ", "))
		}
		s += "; run go get " + path + "@" + u.Recommended
	}
	if m.Indirect {
		s += " (an indirect dependency)"
	}
	if link := card.Links.Primary(); link != "" {
		s += " (" + link + ")"
	}
	return s
}

// ignoreSet holds the card IDs silenced on a require line.
type ignoreSet map[string]bool

func (s ignoreSet) covers(id string) bool { return s[id] }

// where finds the require line of path in the first go.mod that has one, or
// else the module line of the first go.mod (the module is selected through
// other modules' requirements), and the ignore directives on that line.
func where(mods []goModFile, path string) (pos report.Position, ignores ignoreSet, required bool) {
	for _, gm := range mods {
		for _, r := range gm.file.Require {
			if r.Mod.Path == path {
				return linePos(gm, r.Syntax), ignoresOn(r.Syntax), true
			}
		}
	}
	gm := mods[0]
	if gm.file.Module != nil {
		return linePos(gm, gm.file.Module.Syntax), ignoresOn(gm.file.Module.Syntax), false
	}
	return report.Position{File: gm.path, Line: 1, Col: 1}, nil, false
}

// linePos is the position of a go.mod line. Columns count bytes, as in Go
// files (modfile's LineRune counts runes).
func linePos(gm goModFile, l *modfile.Line) report.Position {
	p := report.Position{File: gm.path, Line: l.Start.Line, Col: byteCol(gm.data, l.Start.Byte), EndLine: l.End.Line, EndCol: byteCol(gm.data, l.End.Byte)}
	if !l.InBlock && len(l.Token) > 0 && (l.Token[0] == "require" || l.Token[0] == "module") {
		// "require m v" on one line: point at the module path.
		p.Col += len(l.Token[0]) + 1
	}
	return p
}

// ignoresOn reads "fixlint:ignore ID reason" from the comments of a line
// (after it, or on the line above). A reason is required here as in Go code.
func ignoresOn(l *modfile.Line) ignoreSet {
	set := make(ignoreSet)
	var comments []modfile.Comment
	comments = append(comments, l.Comments.Before...)
	comments = append(comments, l.Comments.Suffix...)
	for _, c := range comments {
		// "// indirect; fixlint:ignore ..." keeps the indirect marker.
		if d, ok := directive.ParseGoMod(c.Token); ok && d.Valid() {
			for _, id := range d.IDs {
				set[id] = true
			}
		}
	}
	return set
}

// stdlib reports the standard library's known problems at the go line (or
// toolchain line) of the first main module, for the Go toolchain that
// builds it.
func stdlib(list *buildlist.List, gm goModFile, cat *rules.Catalog, opts Options) []report.Finding {
	cards := cat.ForModule(stdlibModule)
	v := versions.FromGoVersion(list.GoVersion)
	if len(cards) == 0 || v == "" {
		return nil
	}
	var line *modfile.Line
	switch {
	case gm.file.Toolchain != nil:
		line = gm.file.Toolchain.Syntax
	case gm.file.Go != nil:
		line = gm.file.Go.Syntax
	case gm.file.Module != nil:
		line = gm.file.Module.Syntax
	}
	pos := report.Position{File: gm.path, Line: 1, Col: 1}
	var ignores ignoreSet
	if line != nil {
		pos, ignores = linePos(gm, line), ignoresOn(line)
	}
	var out []report.Finding
	for _, card := range cards {
		if !card.ModuleLevel() || (opts.Reports != nil && !opts.Reports(card)) || ignores.covers(card.ID) {
			continue
		}
		if versions.Check(card.Affected, v) != versions.Affected {
			continue
		}
		u := rules.PlanUpgrade(card, cards, v)
		msg := fmt.Sprintf("the standard library of %s is affected by %s: %s", list.GoVersion, card.ID, card.Title)
		if u.FirstFixed != "" {
			msg += fmt.Sprintf("; first fixed in go%s; build with a newer Go toolchain (go get toolchain@go%s)",
				strings.TrimPrefix(u.Recommended, "v"), strings.TrimPrefix(u.Recommended, "v"))
		}
		out = append(out, report.Finding{
			Card: card.ID, Level: report.ModuleLevel, Severity: string(card.Severity),
			Module: stdlibModule, Version: list.GoVersion, Fixed: u.Recommended, Position: pos,
			Message: msg + " (" + card.Links.Primary() + ")", URL: card.Links.Primary(),
		})
	}
	return out
}

// stdlibModule is the module path OSV gives the standard library.
const stdlibModule = "stdlib"

// byteCol is the 1-based byte column of byte offset off in data.
func byteCol(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
}
