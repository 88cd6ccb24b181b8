package analyzer

import (
	"go/ast"
	"go/types"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// published reports what module authors publish about the modules the
// package imports (a retracted version in use, a deprecated module), at
// the first import of each such module, as the go.mod check reports it at
// the require line. Only a driver that gives Modules knows these notices.
func (r *reporter) published() {
	if r.mods == nil || len(r.mods.notices) == 0 {
		return
	}
	seen := make(map[string]bool)
	r.eachImport(func(spec *ast.ImportSpec, _ *types.Package, mod moduleFact) {
		n := r.mods.notices[mod.Path]
		if n == nil || mod.Main || mod.Unknown != "" || seen[mod.Path] {
			return
		}
		seen[mod.Path] = true
		pos, end := spec.Path.Pos(), spec.Path.End()
		if ret := n.Retracted(mod.Version); ret != nil {
			rec := n.Recommended(func(v string) bool { return !r.l.catalog.KnownProblemAt(mod.Path, v) })
			r.add(finding{pos: pos, end: end, category: report.Retracted, severity: rules.Medium,
				message: n.RetractedMessage(mod.Version, ret, rec), at: &place{report.ModuleLevel, mod.Path, mod.Version, ""}})
		}
		if n.Deprecated != "" {
			r.add(finding{pos: pos, end: end, category: report.Deprecated, severity: rules.Low,
				message: n.DeprecatedMessage(), at: &place{report.ModuleLevel, mod.Path, mod.Version, ""}})
		}
	})
}
