package engine

import (
	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/modcheck"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// addUpgrades gives the analyzer's findings (at imports and call sites)
// what the go.mod check's findings carry: the version in use, the version
// to move to and the go get that does it, so that every finding of a
// card has the same fields in JSON and SARIF. The version is the one the
// build list selects (the standard library's, the toolchain's), as at the
// require line; a finding whose module's version cannot be known keeps
// none.
func addUpgrades(fds []report.Finding, list *buildlist.List, cat *rules.Catalog) {
	for i := range fds {
		fd := &fds[i]
		if fd.Module == "" || fd.Version != "" || (fd.Level != report.SymbolLevel && fd.Level != report.PackageLevel) {
			continue
		}
		card := cat.CardOf(fd.Card, fd.Module)
		if card == nil {
			continue
		}
		var version, shown string
		if fd.Module == stdlibModule {
			version, shown = versions.FromGoVersion(list.GoVersion), list.GoVersion
		} else if m := list.ByPath[fd.Module]; m != nil {
			v, unknown := m.Selected()
			if unknown != "" {
				continue
			}
			version, shown = v, v
		}
		if !versions.Known(version) {
			continue
		}
		fd.Version = shown
		if !card.HasFix() {
			continue
		}
		u := rules.PlanUpgrade(card, cat.ForModule(fd.Module), version)
		if u.Recommended != "" {
			fd.Fixed = u.Recommended
			fd.Command = "go get " + modcheck.GoGetArg(fd.Module, u.Recommended)
		}
	}
}

// stdlibModule is the module path that cards and OSV give the standard
// library.
const stdlibModule = "stdlib"
