// Package modcheck reports, at the go.mod require lines of the main
// modules, every module whose selected version is affected by a card with a
// fixed release: once per module per run, including modules that no package
// imports. Only the standalone command and the editor run it; analyzers
// cannot report in go.mod (see analyzer's import-site findings instead).
package modcheck

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/directive"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/published"
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
	// With UsesKnown, one that go.mod requires but that provides no
	// package is reported at its require line with report.UnusedLevel.
	Provides map[string]bool
	// UsesKnown says Provides is complete: every package loaded, with
	// every import resolved. Without it, a module is never called unused.
	UsesKnown bool
	// Notices are what module authors publish (retractions, deprecations),
	// by module path; see internal/published.
	Notices map[string]*published.Notice
	// ReportsKind says whether findings of a kind that is no card
	// ("retracted", "deprecated") are wanted; nil means all.
	ReportsKind func(id string) bool
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
		data, err := gocmd.ReadGoFile(m.GoMod)
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
	tr := make(ignoreTracker)
	out = append(out, stdlib(list, mods[0], cat, opts, tr)...)
	for _, path := range paths {
		m := list.ByPath[path]
		if m.Main || !cat.HasModule(path) {
			continue
		}
		version, unknown := m.Selected()
		if unknown == "" && !versions.Known(version) {
			unknown = "at version " + version
		}
		if unknown == "" && !cat.MayAffect(path, version) {
			continue // no card applies: its cards need not be decoded
		}
		cards := cat.ForModule(path)
		pos, ignores, req := where(mods, path, tr)
		level, ok := opts.level(path, req)
		if !ok {
			continue
		}
		var unknownCards []string
		for _, card := range cards {
			if !card.ModuleLevel() {
				continue
			}
			if unknown != "" {
				if (opts.Reports != nil && !opts.Reports(card)) || !card.AffectsPlatform(list.GOOS, list.GOARCH) {
					continue
				}
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
			// An ignore counts as used even for a card the configuration
			// filters out, or whose packages are affected on other
			// platforms only: it is not stale while the problem is there,
			// and go.mod serves every platform.
			if ignores.covers(card.ID) || (opts.Reports != nil && !opts.Reports(card)) || !card.AffectsPlatform(list.GOOS, list.GOARCH) {
				continue
			}
			u := rules.PlanUpgrade(card, cards, version)
			f := report.Finding{
				Card: card.ID, Level: level, Severity: string(card.Severity),
				Module: path, Version: version, Fixed: u.Recommended, Position: pos,
				Message: message(card, path, version, u, m),
				URL:     card.Links.Primary(),
			}
			if u.Recommended != "" {
				f.Command = "go get " + GoGetArg(path, u.Recommended)
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
	out = append(out, notices(list, mods, cat, opts, tr)...)
	out = append(out, staleIgnores(mods, tr, cat)...)
	return out, errs
}

// level is the level of a finding at module path's require line, and
// whether there is one: a module that no go.mod requires and that
// provides no package is not reported; one that go.mod requires as
// "// indirect" and that provides none is unused, when the packages'
// imports are all known. A direct requirement that provides no package
// here is not: go mod tidy keeps it direct because the main module uses it
// on another platform, behind build tags or as a tool, which this check
// did not load.
func (opts Options) level(path string, req requirement) (report.Level, bool) {
	if opts.Provides == nil || opts.Provides[path] {
		return report.ModuleLevel, true
	}
	switch {
	case req == notRequired:
		return "", false
	case req == requiredIndirect && opts.UsesKnown:
		return report.UnusedLevel, true
	}
	return report.ModuleLevel, true
}

func message(card *rules.Card, path, version string, u rules.Upgrade, m *buildlist.Module) string {
	s := fmt.Sprintf("%s %s is affected by %s: %s", path, version, card.ID, card.Title)
	if m.FromGoMod {
		s = fmt.Sprintf("%s %s (as go.mod requires it: the build list could not be loaded) is affected by %s: %s", path, version, card.ID, card.Title)
	}
	if !card.HasFix() {
		s += "; " + rules.NoFix(card)
	} else if u.FirstFixed == "" {
		s += "; no fixed version is known"
	} else {
		s += "; first fixed in " + u.FirstFixed
		if len(u.Blockers) > 0 {
			s += fmt.Sprintf(", but %s is affected by %s", u.FirstFixed, u.BlockersText())
		}
		s += "; run go get " + GoGetArg(path, u.Recommended)
	}
	if m.Indirect {
		s += " (an indirect dependency)"
	}
	if link := card.Links.Primary(); link != "" {
		s += " (" + link + ")"
	}
	return s
}

// ignoreSet holds the card IDs silenced on a go.mod line, and which of
// them silenced something.
type ignoreSet struct {
	ids  map[string]bool
	used map[string]bool
}

func (s *ignoreSet) covers(id string) bool {
	if s == nil || !s.ids[id] {
		return false
	}
	s.used[id] = true
	return true
}

// ignoreTracker hands out one ignoreSet per go.mod line, so that the
// directives that silenced nothing can be reported at the end.
type ignoreTracker map[*modfile.Line]*ignoreSet

func (tr ignoreTracker) on(l *modfile.Line) *ignoreSet {
	if s, ok := tr[l]; ok {
		return s
	}
	s := &ignoreSet{ids: make(map[string]bool), used: make(map[string]bool)}
	for _, c := range lineComments(l) {
		// "// indirect; fixlint:ignore ..." keeps the indirect marker.
		if d, ok := directive.ParseGoMod(c.Token); ok && d.Valid() {
			for _, id := range d.IDs {
				s.ids[id] = true
			}
		}
	}
	tr[l] = s
	return s
}

func lineComments(l *modfile.Line) []modfile.Comment {
	var cs []modfile.Comment
	cs = append(cs, l.Comments.Before...)
	return append(cs, l.Comments.Suffix...)
}

// staleIgnores reports the directives of the go.mod files that are
// malformed or silenced nothing, as go vet-style notes.
func staleIgnores(mods []goModFile, tr ignoreTracker, cat *rules.Catalog) []report.Finding {
	var out []report.Finding
	for _, gm := range mods {
		lines := []*modfile.Line{}
		if gm.file.Module != nil {
			lines = append(lines, gm.file.Module.Syntax)
		}
		if gm.file.Go != nil {
			lines = append(lines, gm.file.Go.Syntax)
		}
		if gm.file.Toolchain != nil {
			lines = append(lines, gm.file.Toolchain.Syntax)
		}
		for _, r := range gm.file.Require {
			lines = append(lines, r.Syntax)
		}
		for _, l := range lines {
			for _, c := range lineComments(l) {
				d, ok := directive.ParseGoMod(c.Token)
				if !ok {
					continue
				}
				pos := linePos(gm, l)
				if !d.Valid() {
					out = append(out, report.Finding{Card: "ignore", Level: report.NoteLevel, Severity: string(rules.Low), Position: pos,
						Message: directive.Malformed("// ")})
					continue
				}
				s := tr.on(l)
				for _, id := range d.IDs {
					if s.used[id] {
						continue
					}
					msg := directive.Unused(id, report.IgnorableKind(id) || cat.Knows(id), "this line")
					out = append(out, report.Finding{Card: "ignore", Level: report.NoteLevel, Severity: string(rules.Low), Position: pos, Message: msg})
				}
			}
		}
	}
	return out
}

// where finds the require line of path in the first go.mod that has one, or
// else the module line of the first go.mod (the module is selected through
// other modules' requirements), and the ignore directives on that line. It
// scans every require: a map would cost more than it saves, since where is
// only asked about the few modules that some card applies to.
// requirement says how go.mod requires a module.
type requirement int

const (
	notRequired      requirement = iota
	requiredIndirect             // a "// indirect" require: no package of the main module imports it
	requiredDirect               // on some platform, with some build tags, or as a tool, the code uses it
)

func where(mods []goModFile, path string, tr ignoreTracker) (pos report.Position, ignores *ignoreSet, req requirement) {
	for _, gm := range mods {
		for _, r := range gm.file.Require {
			if r.Mod.Path == path {
				req = requiredDirect
				if r.Indirect {
					req = requiredIndirect
				}
				return linePos(gm, r.Syntax), tr.on(r.Syntax), req
			}
		}
	}
	gm := mods[0]
	if gm.file.Module != nil {
		return linePos(gm, gm.file.Module.Syntax), tr.on(gm.file.Module.Syntax), notRequired
	}
	return report.Position{File: gm.path, Line: 1, Col: 1}, nil, notRequired
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

// stdlib reports the standard library's known problems at the go line (or
// toolchain line) of the first main module, for the Go toolchain that
// builds it.
func stdlib(list *buildlist.List, gm goModFile, cat *rules.Catalog, opts Options, tr ignoreTracker) []report.Finding {
	v := versions.FromGoVersion(list.GoVersion)
	if v == "" || !cat.MayAffect(stdlibModule, v) {
		return nil
	}
	cards := cat.ForModule(stdlibModule)
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
	var ignores *ignoreSet
	if line != nil {
		pos, ignores = linePos(gm, line), tr.on(line)
	}
	var out []report.Finding
	for _, card := range cards {
		if !card.ModuleLevel() || versions.Check(card.Affected, v) != versions.Affected {
			continue
		}
		if ignores.covers(card.ID) || (opts.Reports != nil && !opts.Reports(card)) || !card.AffectsPlatform(list.GOOS, list.GOARCH) {
			continue
		}
		u := rules.PlanUpgrade(card, cards, v)
		msg := fmt.Sprintf("the standard library of %s is affected by %s: %s", list.GoVersion, card.ID, card.Title)
		command := ""
		if u.FirstFixed != "" {
			command = "go get " + GoGetArg(stdlibModule, u.Recommended)
			msg += "; first fixed in " + versions.ToGoVersion(u.FirstFixed)
			if len(u.Blockers) > 0 {
				msg += fmt.Sprintf(", but %s is affected by %s", versions.ToGoVersion(u.FirstFixed), u.BlockersText())
			}
			msg += "; build with a newer Go toolchain (" + command + ")"
		}
		out = append(out, report.Finding{
			Card: card.ID, Level: report.ModuleLevel, Severity: string(card.Severity),
			Module: stdlibModule, Version: list.GoVersion, Fixed: u.Recommended, Position: pos,
			Message: msg + " (" + card.Links.Primary() + ")", URL: card.Links.Primary(),
			Command: command,
		})
	}
	return out
}

// stdlibModule is the module path OSV gives the standard library.
const stdlibModule = "stdlib"

// GoGetArg is the argument of the go get that upgrades module to version
// (a module version, "v1.2.3"). The standard library is no module the go
// command knows ("go get stdlib@v1.25.13" is a malformed path): its
// version is the toolchain's, which go get toolchain@go1.25.13 selects by
// writing go.mod's toolchain line. go get go@1.25.13 would raise the go
// line instead, the minimum every module that requires this one must then
// build with: more than a fix asks for.
func GoGetArg(module, version string) string {
	if module == stdlibModule {
		return "toolchain@" + versions.ToGoVersion(version)
	}
	return module + "@" + version
}

// byteCol is the 1-based byte column of byte offset off in data.
func byteCol(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
}
