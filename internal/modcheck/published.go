package modcheck

import (
	"sort"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// The IDs of findings about what module authors publish.
const (
	Retracted  = report.Retracted
	Deprecated = report.Deprecated
)

// notices reports, at the require line, each module of the build list
// whose selected version its authors retracted, and each module they
// deprecated. Like card findings, a module that no go.mod requires and
// that provides no package is left out.
func notices(list *buildlist.List, mods []goModFile, cat *rules.Catalog, opts Options, tr ignoreTracker) []report.Finding {
	paths := make([]string, 0, len(opts.Notices))
	for p := range opts.Notices {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []report.Finding
	for _, path := range paths {
		n, m := opts.Notices[path], list.ByPath[path]
		if n == nil || m == nil || m.Main {
			continue
		}
		version, unknown := m.Selected()
		if unknown != "" {
			continue // a directory or a fork: the authors' word is about other code
		}
		pos, ignores, req := where(mods, path, tr)
		level, ok := opts.level(path, req)
		if !ok {
			continue
		}
		if r := n.Retracted(version); r != nil && wants(opts, Retracted) && !ignores.covers(Retracted) {
			rec := n.Recommended(func(v string) bool { return !cat.KnownProblemAt(path, v) })
			f := report.Finding{
				Card: Retracted, Level: level, Severity: string(rules.Medium),
				Module: path, Version: version, Fixed: rec, Position: pos,
				Message: n.RetractedMessage(version, r, rec),
			}
			if rec != "" {
				f.Command = "go get " + GoGetArg(path, rec)
			}
			out = append(out, f)
		}
		if n.Deprecated != "" && wants(opts, Deprecated) && !ignores.covers(Deprecated) {
			out = append(out, report.Finding{
				Card: Deprecated, Level: level, Severity: string(rules.Low),
				Module: path, Version: version, Position: pos,
				Message: n.DeprecatedMessage(),
			})
		}
	}
	return out
}

func wants(opts Options, id string) bool { return opts.ReportsKind == nil || opts.ReportsKind(id) }
