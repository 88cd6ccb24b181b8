package analyzer

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// The module-information pass says which module, at which version,
// provides the package and each package it imports, directly or not. It
// is an analyzer of its own, which the fixlint analyzer requires, as
// x/tools composes passes: under go vet and golangci-lint it exports a
// package fact (moduleFact) for every package and reads its imports'; in
// a driver that knows every package's module already (NewWithModules),
// it reads them from Modules and declares no fact, so that the driver may
// load dependencies from export data.

// ModuleInfo is the module-information pass's result.
type ModuleInfo struct {
	// self is the package's module (nil outside any module: GOPATH, the
	// standard library of an old driver); deps, under fact-based drivers,
	// the package's own fact, which names every module below it.
	self *moduleFact
	deps *moduleFact
	of   func(*types.Package) (moduleFact, bool)
}

// Of returns the module path and version that provide package p (an import
// of the pass's package, directly or not) and whether the version can be
// compared with a card's ranges; ok is false for the standard library
// seen from a main module, a main module's package, or a package outside
// any module.
func (m *ModuleInfo) Of(p *types.Package) (path, version string, ok bool) {
	f, ok := m.of(p)
	if !ok || f.Unknown != "" {
		return f.Path, "", false
	}
	return f.Path, f.Version, true
}

var moduleInfoType = reflect.TypeOf((*ModuleInfo)(nil))

// newModuleInfo returns the module-information pass: fact-based with mods
// nil, else reading mods.
func newModuleInfo(mods *Modules) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:             "fixlintmodules",
		Doc:              "fixlintmodules records the module and version of every package, for fixlint",
		URL:              "https://github.com/fixlint/fixlint/blob/main/analyzer/moduleinfo.go",
		RunDespiteErrors: true,
		ResultType:       moduleInfoType,
		Run: func(pass *analysis.Pass) (any, error) {
			return safeRun(pass, func(pass *analysis.Pass) (any, error) { return moduleInfo(pass, mods), nil })
		},
	}
	if mods == nil {
		a.FactTypes = []analysis.Fact{new(moduleFact)}
	}
	return a
}

func moduleInfo(pass *analysis.Pass, mods *Modules) *ModuleInfo {
	info := &ModuleInfo{self: moduleOf(pass)}
	if mods != nil {
		info.of = func(p *types.Package) (moduleFact, bool) {
			if f := mods.byPkg[p.Path()]; f != nil {
				return *f, true
			}
			return moduleFact{}, false
		}
		return info
	}
	info.deps = factOf(pass, info.self)
	pass.ExportPackageFact(info.deps)
	info.of = (&factLookup{pass: pass, own: info.deps}).moduleOf
	return info
}
