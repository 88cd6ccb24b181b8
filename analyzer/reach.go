package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// reachFact is an object fact on a function or method of a dependency: the
// vulnerable symbols it reaches through static references, each with the
// chain of functions that gets there. A package computes it from its own
// references and its direct imports' facts, so under go vet, where every
// dependency package is analyzed before its importers, a chain that
// crosses modules arrives at the user's call with its trace.
//
// What counts as a reference: a call, a method value or expression, a
// function value passed along, in the function's body or in a function
// literal inside it; generic functions by their origin. A call through an
// interface method counts as a call of that method of every concrete type
// that implements the interface and whose values the same package puts
// into an interface (boxedTypes): a rapid type analysis limited to the
// package, which misses a value boxed elsewhere and passed in only as the
// interface, and may follow a type the call never meets. A call through a
// variable or field of function type runs the named functions the package
// stores in it (storedFuncs). Not followed: functions another package
// stores, and reflection. A vulnerable symbol is a uses trigger
// of a card reported by version (a bug or security problem: OSV records'
// symbols) at an affected version of its module, on this build's platform.
type reachFact struct {
	Reaches []reach
}

// reach is one vulnerable symbol that a function reaches.
type reach struct {
	Card    string // card ID
	Module  string // the module the symbol is vulnerable in
	Version string // its version in the build
	Symbol  string // the vulnerable symbol's full name
	// Via are the functions after the fact's own, in call order, ending
	// with the vulnerable symbol, as short names (pkg.F, (*pkg.T).M).
	Via []string
}

func (*reachFact) AFact() {}

func (f *reachFact) String() string {
	var parts []string
	for _, r := range f.Reaches {
		parts = append(parts, r.Card+" via "+strings.Join(r.Via, " > "))
	}
	return "reaches " + strings.Join(parts, "; ")
}

// maxVia bounds a trace: past it the chain is cut, which keeps facts small
// on deep call chains; the finding stays.
const maxVia = 8

// reachability computes the reach of a dependency package's functions and
// exports it as facts; in a package of the main module (user), it reports
// each reference to a function of another package that reaches a
// vulnerable symbol instead: where the user's code enters a dependency,
// once, not again at every caller of that code in the main module. reachOf
// says what another package's function reaches: from its fact under go
// vet, from Modules' table in the standalone command.
func (r *reporter) reachability(user bool, reachOf func(*types.Func) ([]reach, bool)) {
	g := newReachGraph(r.pass.Pkg, r.pass.Files, r.pass.TypesInfo)
	if !user {
		reaches := g.compute(r.vulnerable, reachOf)
		for _, f := range g.fns {
			if rs := reaches[f.obj]; len(rs) > 0 && exportable(f.obj) {
				r.pass.ExportObjectFact(f.obj, &reachFact{Reaches: rs})
			}
		}
		return
	}
	// Report where the user's code refers to another package's function
	// that reaches a vulnerable symbol; a vulnerable symbol itself is a
	// uses trigger, reported as such.
	for _, f := range g.fns {
		for _, id := range f.refs {
			callee := g.info.Uses[id].(*types.Func).Origin()
			if callee.Pkg() == nil {
				continue
			}
			var rs []reach
			if isInterfaceMethod(callee) {
				// The concrete methods another package's types run: a
				// vulnerable one itself, or one that reaches one.
				for _, cm := range g.implementations(callee) {
					if cm.Pkg() == r.pass.Pkg {
						continue
					}
					more := r.vulnerable(cm)
					if got, ok := reachOf(cm); ok {
						for _, x := range got {
							x.Via = append([]string{shortName(cm)}, x.Via...)
							more = append(more, x)
						}
					}
					for _, x := range more {
						x.Via = append([]string{viaInterface(callee)}, x.Via...)
						rs = append(rs, x)
					}
				}
			} else if callee.Pkg() != r.pass.Pkg {
				rs, _ = reachOf(callee)
			}
			for _, x := range rs {
				card := r.l.catalog.CardOf(x.Card, x.Module)
				if card == nil {
					continue
				}
				u := rules.PlanUpgrade(card, r.l.catalog.ForModule(x.Module), x.Version)
				r.add(finding{pos: id.Pos(), end: id.End(), card: card, message: reachMessage(card, callee, x, r.l.catalog),
					at: &place{report.SymbolLevel, x.Module, x.Version, u.Recommended}})
			}
		}
	}
}

// factReach is reachOf under go vet: the callee's fact.
func (r *reporter) factReach(callee *types.Func) ([]reach, bool) {
	var f reachFact
	if !r.pass.ImportObjectFact(callee, &f) {
		return nil, false
	}
	return f.Reaches, true
}

// reachGraph is a package's functions and the functions each refers to.
type reachGraph struct {
	pkg   *types.Package
	info  *types.Info
	fns   []*reachFunc
	byObj map[*types.Func]*reachFunc

	files []*ast.File
	// made are the concrete types the package puts into interfaces
	// (boxedTypes), for interface calls; built on first need.
	made []types.Type
	// impls caches implementations by interface method.
	impls map[*types.Func][]*types.Func
	// stored are the functions stored in each function-typed variable or
	// field (storedFuncs); built on first need.
	stored map[*types.Var][]*types.Func
}

// storedIn are the functions that a call through v may run.
func (g *reachGraph) storedIn(v *types.Var) []*types.Func {
	if g.stored == nil {
		g.stored = storedFuncs(g.files, g.info)
	}
	return g.stored[v]
}

// viaVariable names a function-typed variable or field in a trace.
func viaVariable(v *types.Var) string {
	switch {
	case v.IsField():
		return "field " + v.Name() + " (a function value)"
	case v.Pkg() != nil && v.Parent() == v.Pkg().Scope():
		return v.Pkg().Name() + "." + v.Name() + " (a function value)"
	}
	return v.Name() + " (a function value)"
}

// isInterfaceMethod reports whether fn is an interface's abstract method
// (a type parameter's too).
func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// implementations are the concrete methods that a call of the interface
// method im in this package may run: those of the types the package puts
// into interfaces that implement im's interface.
func (g *reachGraph) implementations(im *types.Func) []*types.Func {
	if cms, ok := g.impls[im]; ok {
		return cms
	}
	if g.impls == nil {
		g.impls = make(map[*types.Func][]*types.Func)
	}
	iface, _ := im.Signature().Recv().Type().Underlying().(*types.Interface)
	if g.made == nil {
		g.made = boxedTypes(g.files, g.info)
	}
	var cms []*types.Func
	if iface != nil {
		seen := make(map[*types.Func]bool)
		for _, t := range g.made {
			if !types.Implements(t, iface) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(t, false, im.Pkg(), im.Name())
			if cm, ok := obj.(*types.Func); ok && !isInterfaceMethod(cm) && !seen[cm.Origin()] {
				seen[cm.Origin()] = true
				cms = append(cms, cm.Origin())
			}
		}
	}
	g.impls[im] = cms
	return cms
}

// boxedTypes are the concrete types (named, or pointers to named types,
// with methods) whose values the package's code puts into an interface:
// an argument for an interface parameter, an assignment, declaration,
// return or composite literal element of interface type, a conversion or
// a send. Those are the dynamic types an interface call in the package
// may meet from its own code (rapid type analysis, package by package).
func boxedTypes(files []*ast.File, info *types.Info) []types.Type {
	type key struct {
		named *types.Named // instances are canonical within a type-check
		ptr   bool
	}
	seen := make(map[key]bool)
	out := []types.Type{} // not nil: computed
	box := func(e ast.Expr, target types.Type) {
		if e == nil || target == nil || !types.IsInterface(target) {
			return
		}
		t := info.TypeOf(e)
		if t == nil || types.IsInterface(t) {
			return
		}
		base, ptr := t, false
		if p, ok := t.(*types.Pointer); ok {
			base, ptr = p.Elem(), true
		}
		n, ok := types.Unalias(base).(*types.Named)
		if !ok || n.NumMethods() == 0 || seen[key{n, ptr}] {
			return
		}
		seen[key{n, ptr}] = true
		out = append(out, t)
	}
	for _, file := range files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					if len(n.Args) == 1 {
						box(n.Args[0], tv.Type)
					}
					break
				}
				sig, _ := typeUnder(info.TypeOf(n.Fun)).(*types.Signature)
				if sig == nil {
					break
				}
				for i, a := range n.Args {
					box(a, paramType(sig, i, n.Ellipsis.IsValid()))
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						box(n.Rhs[i], info.TypeOf(n.Lhs[i]))
					}
				}
			case *ast.ValueSpec:
				if n.Type != nil && len(n.Values) == len(n.Names) {
					for _, v := range n.Values {
						box(v, info.TypeOf(n.Type))
					}
				}
			case *ast.ReturnStmt:
				if sig := enclosingSignature(stack, info); sig != nil && sig.Results().Len() == len(n.Results) {
					for i, r := range n.Results {
						box(r, sig.Results().At(i).Type())
					}
				}
			case *ast.SendStmt:
				if ch, ok := typeUnder(info.TypeOf(n.Chan)).(*types.Chan); ok {
					box(n.Value, ch.Elem())
				}
			case *ast.CompositeLit:
				boxElements(n, info, box)
			}
			return true
		})
	}
	// Deterministic, so that facts and traces are the same every run.
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// paramType is the type of a call's i-th argument's parameter.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	params := sig.Params()
	if params.Len() == 0 {
		return nil
	}
	if sig.Variadic() && i >= params.Len()-1 {
		last := params.At(params.Len() - 1).Type()
		if ellipsis {
			return last
		}
		if s, ok := last.Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	}
	if i < params.Len() {
		return params.At(i).Type()
	}
	return nil
}

// enclosingSignature is the signature of the innermost function on stack.
func enclosingSignature(stack []ast.Node, info *types.Info) *types.Signature {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			sig, _ := info.TypeOf(f).(*types.Signature)
			return sig
		case *ast.FuncDecl:
			if obj, ok := info.Defs[f.Name].(*types.Func); ok {
				return obj.Signature()
			}
			return nil
		}
	}
	return nil
}

// boxElements boxes a composite literal's elements of interface type.
func boxElements(lit *ast.CompositeLit, info *types.Info, box func(ast.Expr, types.Type)) {
	switch u := typeUnder(info.TypeOf(lit)).(type) {
	case *types.Struct:
		for i, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := info.Uses[id].(*types.Var); ok {
						box(kv.Value, f.Type())
					}
				}
			} else if i < u.NumFields() {
				box(e, u.Field(i).Type())
			}
		}
	case *types.Slice, *types.Array, *types.Map:
		var key, elem types.Type
		switch u := u.(type) {
		case *types.Slice:
			elem = u.Elem()
		case *types.Array:
			elem = u.Elem()
		case *types.Map:
			key, elem = u.Key(), u.Elem()
		}
		for _, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				box(kv.Key, key)
				box(kv.Value, elem)
			} else {
				box(e, elem)
			}
		}
	}
}

type reachFunc struct {
	obj  *types.Func
	refs []*ast.Ident // references to functions in the body
	// indirect are the function-typed variables and fields the body
	// calls: each runs the functions the package stores in it (stored).
	indirect []*types.Var
}

func newReachGraph(pkg *types.Package, files []*ast.File, info *types.Info) *reachGraph {
	g := &reachGraph{pkg: pkg, info: info, files: files, byObj: make(map[*types.Func]*reachFunc)}
	for _, file := range files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, _ := info.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			f := &reachFunc{obj: obj}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					if _, ok := info.Uses[n].(*types.Func); ok {
						f.refs = append(f.refs, n)
					}
				case *ast.CallExpr:
					if v := funcVar(n.Fun, info); v != nil {
						f.indirect = append(f.indirect, v)
					}
				}
				return true
			})
			g.fns = append(g.fns, f)
			g.byObj[obj] = f
		}
	}
	return g
}

// namedBy is the object that e, a name or a selector (pkg.F, x.f, x.M),
// refers to, or nil.
func namedBy(e ast.Expr, info *types.Info) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}

// funcVar is the variable or field of function type that e names, or nil.
func funcVar(e ast.Expr, info *types.Info) *types.Var {
	v, ok := namedBy(e, info).(*types.Var)
	if !ok {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	return v.Origin()
}

// funcRef is the function that e names (a function, or a method value or
// expression), or nil.
func funcRef(e ast.Expr, info *types.Info) *types.Func {
	fn, _ := namedBy(e, info).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// storedFuncs are, for each variable or field of function type, the named
// functions the package stores in it: by assignment, declaration or
// composite literal. A call through the variable may run any of them;
// functions stored by another package, and function literals, are not
// known here.
func storedFuncs(files []*ast.File, info *types.Info) map[*types.Var][]*types.Func {
	stored := make(map[*types.Var][]*types.Func)
	store := func(v *types.Var, e ast.Expr) {
		if v == nil {
			return
		}
		if fn := funcRef(e, info); fn != nil && !slices.Contains(stored[v.Origin()], fn) {
			stored[v.Origin()] = append(stored[v.Origin()], fn)
		}
	}
	lhsVar := func(e ast.Expr) *types.Var {
		if v, ok := namedBy(e, info).(*types.Var); ok {
			return v
		}
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			v, _ := info.Defs[id].(*types.Var) // x := F
			return v
		}
		return nil
	}
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						store(lhsVar(n.Lhs[i]), n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						v, _ := info.Defs[name].(*types.Var)
						store(v, n.Values[i])
					}
				}
			case *ast.CompositeLit:
				st, ok := typeUnder(info.TypeOf(n)).(*types.Struct)
				if !ok {
					break
				}
				for i, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							v, _ := info.Uses[id].(*types.Var)
							store(v, kv.Value)
						}
					} else if i < st.NumFields() {
						store(st.Field(i), e)
					}
				}
			}
			return true
		})
	}
	return stored
}

// compute returns what each function of the package reaches. vulnerable
// says what referring to a function itself means; reachOf what a function
// of another package reaches.
func (g *reachGraph) compute(vulnerable func(*types.Func) []reach, reachOf func(*types.Func) ([]reach, bool)) map[*types.Func][]reach {
	reaches := make(map[*types.Func][]reach)
	outside := make(map[*types.Func][]reach) // by callee, with the callee in Via
	outsideOf := func(callee *types.Func) []reach {
		if rs, ok := outside[callee]; ok {
			return rs
		}
		rs := vulnerable(callee)
		if more, ok := reachOf(callee); ok {
			for _, x := range more {
				x.Via = append([]string{shortName(callee)}, x.Via...)
				rs = append(rs, x)
			}
		}
		outside[callee] = rs
		return rs
	}
	// A worklist over the package's own call graph: a function is
	// (re)visited when it starts or when a function of the package it
	// refers to reached something new, so a chain of n functions costs
	// O(n), not n rounds over the package. A function keeps one chain per
	// card and module, the first found.
	callers := make(map[*types.Func][]*reachFunc)
	for _, f := range g.fns {
		for _, id := range f.refs {
			callee := g.info.Uses[id].(*types.Func).Origin()
			callees := []*types.Func{callee}
			if callee.Pkg() != nil && isInterfaceMethod(callee) {
				callees = g.implementations(callee)
			}
			for _, c := range callees {
				if h := g.byObj[c]; h != nil && h != f {
					callers[c] = append(callers[c], f)
				}
			}
		}
		for _, v := range f.indirect {
			for _, c := range g.storedIn(v) {
				if h := g.byObj[c]; h != nil && h != f {
					callers[c] = append(callers[c], f)
				}
			}
		}
	}
	queue := append([]*reachFunc(nil), g.fns...)
	queued := make(map[*reachFunc]bool, len(g.fns))
	for _, f := range g.fns {
		queued[f] = true
	}
	// through is what calling callee from f reaches.
	through := func(f *reachFunc, callee *types.Func) []reach {
		h := g.byObj[callee]
		if h == nil {
			return outsideOf(callee)
		}
		if h == f {
			return nil
		}
		var rs []reach
		for _, x := range reaches[callee] {
			x.Via = append([]string{shortName(callee)}, x.Via...)
			rs = append(rs, x)
		}
		return append(rs, vulnerable(callee)...)
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		queued[f] = false
		changed := false
		for _, id := range f.refs {
			callee := g.info.Uses[id].(*types.Func).Origin()
			if callee.Pkg() == nil {
				continue // error.Error and other universe methods
			}
			var rs []reach
			if isInterfaceMethod(callee) {
				for _, cm := range g.implementations(callee) {
					for _, x := range through(f, cm) {
						x.Via = append([]string{viaInterface(callee)}, x.Via...)
						rs = append(rs, x)
					}
				}
			} else {
				rs = through(f, callee)
			}
			for _, x := range rs {
				if add(reaches, f.obj, x) {
					changed = true
				}
			}
		}
		for _, v := range f.indirect {
			for _, fn := range g.storedIn(v) {
				for _, x := range through(f, fn) {
					x.Via = append([]string{viaVariable(v)}, x.Via...)
					if add(reaches, f.obj, x) {
						changed = true
					}
				}
			}
		}
		if changed {
			for _, c := range callers[f.obj] {
				if !queued[c] {
					queued[c] = true
					queue = append(queue, c)
				}
			}
		}
	}
	return reaches
}

// viaInterface names an interface method in a trace, where the call is
// dynamic: "io.Reader.Read (an interface call)".
func viaInterface(im *types.Func) string {
	return shortName(im) + " (an interface call)"
}

// add adds x to what fn reaches unless fn already reaches x's card and
// module, and reports whether it did.
func add(m map[*types.Func][]reach, fn *types.Func, x reach) bool {
	for _, y := range m[fn] {
		if y.Card == x.Card && y.Module == x.Module {
			return false
		}
	}
	if len(x.Via) > maxVia {
		x.Via = append(x.Via[:maxVia-1:maxVia-1], "…", x.Via[len(x.Via)-1])
	}
	m[fn] = append(m[fn], x)
	sort.Slice(m[fn], func(i, j int) bool { return m[fn][i].Card < m[fn][j].Card })
	return true
}

// vulnerable returns what calling fn itself means: the cards whose uses
// trigger names fn, at an affected version of fn's module here.
func (r *reporter) vulnerable(fn *types.Func) []reach {
	if fn.Pkg() == nil || !r.named(fn.Pkg()) {
		return nil
	}
	return vulnerableSymbol(r.l.catalog, r.moduleOf, r.target, fn)
}

func vulnerableSymbol(cat *rules.Catalog, moduleOf func(*types.Package) (moduleFact, bool), target platform, fn *types.Func) []reach {
	name := fullName(fn)
	if name == "" {
		return nil
	}
	var out []reach
	for _, ref := range cat.ForSymbol(name) {
		card, t := ref.Card, ref.Trigger
		if t.Kind() != rules.UsesTrigger || !card.Kind.ByVersion() || !t.Platform.Matches(target.GOOS, target.GOARCH) {
			continue
		}
		mod, ok := moduleOf(fn.Pkg())
		if !ok || mod.Path != card.Module || mod.Unknown != "" || versions.Check(card.Affected, mod.Version) != versions.Affected {
			continue
		}
		out = append(out, reach{Card: card.ID, Module: card.Module, Version: mod.Version, Symbol: name, Via: []string{shortName(fn)}})
	}
	return out
}

// exportable reports whether a fact about fn can reach an importer: a
// package-level function or a method of a named type.
func exportable(fn *types.Func) bool {
	return fn.Pkg() != nil && (fn.Parent() == fn.Pkg().Scope() || fn.Signature().Recv() != nil)
}

// shortName names fn as people read it in a trace: pkg.F, pkg.T.M or
// (*pkg.T).M.
func shortName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t, ptr := recv.Type(), ""
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			if ptr != "" {
				return fmt.Sprintf("(*%s.%s).%s", fn.Pkg().Name(), n.Obj().Name(), fn.Name())
			}
			return fmt.Sprintf("%s.%s.%s", fn.Pkg().Name(), n.Obj().Name(), fn.Name())
		}
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// reachMessage is the finding at a reference to callee, which reaches x.
func reachMessage(card *rules.Card, callee *types.Func, x reach, cat *rules.Catalog) string {
	mod := &moduleFact{Path: x.Module, Version: x.Version}
	u := rules.PlanUpgrade(card, cat.ForModule(x.Module), x.Version)
	symbol := x.Via[len(x.Via)-1]
	head, chain := shortName(callee)+" reaches", append([]string{shortName(callee)}, x.Via...)
	if x.Via[0] == viaInterface(callee) {
		// Through an interface: the trace starts with the call itself.
		head, chain = viaInterface(callee)+" may reach", x.Via
	}
	msg := fmt.Sprintf("%s %s, vulnerable in %s (%s): %s; via %s; %s",
		head, symbol, moduleName(mod), card.ID, card.Title,
		strings.Join(chain, " > "), advice(card, u, x.Module))
	if link := card.Links.Primary(); link != "" {
		msg += " " + link
	}
	return msg
}

// ComputeReach works out what the functions of pkg, a dependency package
// loaded from source, reach, for an analyzer made by NewWithModules to
// report at the user's calls as go vet does with facts. Call it for each
// package that lies on a path to a vulnerable symbol, dependencies first;
// pkg's dependencies outside that path reach nothing. The modules of pkg
// and of its imports must have been added (Add).
func (m *Modules) ComputeReach(cat *rules.Catalog, pkg *types.Package, files []*ast.File, info *types.Info) {
	moduleOf := func(p *types.Package) (moduleFact, bool) {
		if f := m.byPkg[p.Path()]; f != nil {
			return *f, f.isDependency()
		}
		return moduleFact{}, false
	}
	target := m.target
	if target.GOOS == "" {
		target = envPlatform
	}
	vulnerable := func(fn *types.Func) []reach {
		if fn.Pkg() == nil || !cat.NamesPackage(fn.Pkg().Path()) {
			return nil
		}
		return vulnerableSymbol(cat, moduleOf, target, fn)
	}
	g := newReachGraph(pkg, files, info)
	reaches := g.compute(vulnerable, m.reachOf)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.reach == nil {
		m.reach = make(map[string][]reach)
	}
	for _, f := range g.fns {
		if rs := reaches[f.obj]; len(rs) > 0 && exportable(f.obj) {
			m.reach[fullName(f.obj)] = rs
		}
	}
}

// reachOf is what a dependency's function reaches, by ComputeReach.
func (m *Modules) reachOf(fn *types.Func) ([]reach, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rs, ok := m.reach[fullName(fn)]
	return rs, ok
}

// hasReach reports whether ComputeReach found anything.
func (m *Modules) hasReach() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.reach) > 0
}
