package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// triggers walks the package once and reports every trigger that fires at
// the version of the module that provides the trigger's symbol. modules
// are the imported modules that some card can apply to.
func (r *reporter) triggers(modules map[string]*moduleFact) {
	if !r.mayTrigger(modules) {
		return
	}
	info := r.pass.TypesInfo
	ins := inspector.New(r.pass.Files)
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil), (*ast.Ident)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			r.call(n, stack)
		case *ast.CompositeLit:
			r.compositeLit(n, stack)
		case *ast.AssignStmt:
			r.assign(n, stack)
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil {
				r.uses(n, obj, stack)
			}
		}
		return true
	})
}

// mayTrigger reports whether the walk can find anything: whether the
// package uses a symbol of a package that some trigger of modules names. It
// costs a pass over the package's uses, against a walk of every node with
// a formatted name and a lookup for each call. A param trigger (a value
// passed as a parameter of a type) can fire at a callee of another
// package, and an unset-field trigger at a literal whose type is elided
// (wrap.List{{}}), with no use of the type's package here: with one of
// them, the answer is yes.
func (r *reporter) mayTrigger(modules map[string]*moduleFact) bool {
	if len(modules) == 0 {
		return false
	}
	for mod := range modules {
		// Decodes the cards of the module, which the walk needs too: a
		// method of a type of a module imported only indirectly is
		// called without an import of its package.
		for _, card := range r.l.catalog.ForModule(mod) {
			for i := range card.Triggers {
				t := &card.Triggers[i]
				if t.Kind() == rules.ParamTrigger || t.Kind() == rules.FieldTrigger && t.Value == rules.Unset {
					return true
				}
			}
		}
	}
	used := make(map[*types.Package]bool)
	for _, obj := range r.pass.TypesInfo.Uses {
		if p := obj.Pkg(); p != nil && p != r.pass.Pkg {
			used[p] = true
		}
		if tn, ok := obj.(*types.TypeName); ok && tn.IsAlias() {
			// An alias names a type of another package, whose fields a
			// literal of it sets.
			if named, ok := types.Unalias(tn.Type()).(*types.Named); ok && named.Obj().Pkg() != nil {
				used[named.Obj().Pkg()] = true
			}
		}
	}
	for p := range used {
		if r.l.catalog.NamesPackage(p.Path()) {
			return true
		}
	}
	return false
}

// named reports whether some trigger names a symbol of package p, once
// per package and pass: most calls and identifiers of a package are of
// packages no trigger names, and this spares them a formatted name and a
// lookup.
func (r *reporter) named(p *types.Package) bool {
	if p == nil {
		return false
	}
	yes, ok := r.namedPkgs[p]
	if !ok {
		yes = r.l.catalog.NamesPackage(p.Path())
		if r.namedPkgs == nil {
			r.namedPkgs = make(map[*types.Package]bool)
		}
		r.namedPkgs[p] = yes
	}
	return yes
}

// fire records a finding for ref at node if the version of the module that
// provides obj is affected (pitfalls: whatever the version).
func (r *reporter) fire(ref rules.TriggerRef, obj types.Object, node ast.Node, stack []ast.Node, fixes []analysis.SuggestedFix) {
	if obj == nil || obj.Pkg() == nil {
		return
	}
	mod, ok := r.moduleOf(obj.Pkg())
	if !ok || mod.Path != ref.Card.Module {
		// The symbol is not from the card's module at a known place (a
		// nested module of the same path prefix, the main module itself, or
		// a package outside any module): not ours to judge.
		return
	}
	card, t := ref.Card, ref.Trigger
	if !t.Platform.Matches(r.target.GOOS, r.target.GOARCH) {
		return // a record about another platform's code
	}
	if !card.EveryVersion() && (mod.Unknown != "" || !card.AffectsVersion(mod.Version)) {
		return
	}
	if t.With != nil && !r.withHolds(t.With, node, stack) {
		return
	}
	if t.Unless != nil && r.optedOut(t.Unless.Calls, stack) {
		return
	}
	u := rules.PlanUpgrade(card, r.l.catalog.ForModule(card.Module), mod.Version)
	r.add(finding{
		pos: node.Pos(), end: node.End(), card: card,
		message: triggerMessage(card, t, &mod, u),
		fixes:   fixes,
		at:      &place{report.SymbolLevel, mod.Path, mod.Version, u.Recommended},
	})
}

func (r *reporter) call(call *ast.CallExpr, stack []ast.Node) {
	info := r.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		fn = r.methodValueCallee(call, stack)
	}
	args := call.Args
	if fn != nil {
		fn = fn.Origin()
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				// (*T).M(recv, args...): the receiver is the first argument.
				if len(args) > 0 {
					args = args[1:]
				}
			}
		}
		sig := fn.Signature()
		var refs []rules.TriggerRef
		if r.named(fn.Pkg()) {
			refs = r.l.catalog.ForSymbol(fn.FullName())
		}
		for _, ref := range refs {
			t := ref.Trigger
			if t.Kind() != rules.CallTrigger || t.Arg >= len(args) {
				continue
			}
			// The variadic parameter's index stands for every argument
			// passed to it: Compress(5, "text/html", "/*").
			last := t.Arg
			if sig.Variadic() && t.Arg == sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
				last = len(args) - 1
			}
			for i := t.Arg; i <= last; i++ {
				if r.valueMatches(args[i], t) {
					r.fire(ref, fn, args[i], stack, nil)
				}
			}
		}
	}
	// Param triggers: any callee, static or not, whose parameter has the
	// trigger's named type.
	ft := info.TypeOf(call.Fun)
	if ft == nil {
		return // ill-typed: code being edited
	}
	sig, _ := ft.Underlying().(*types.Signature)
	if sig == nil {
		return
	}
	params := sig.Params()
	for i, arg := range args {
		var pt types.Type
		switch {
		case i < params.Len()-1 || (i < params.Len() && !sig.Variadic()):
			pt = params.At(i).Type()
		case sig.Variadic() && params.Len() > 0 && !call.Ellipsis.IsValid():
			s, ok := params.At(params.Len() - 1).Type().(*types.Slice)
			if !ok {
				continue // append's ...string form, or ill-typed
			}
			pt = s.Elem()
		default:
			continue
		}
		named, _ := types.Unalias(pt).(*types.Named)
		if named == nil || named.Obj().Pkg() == nil {
			continue
		}
		obj := named.Obj()
		if !r.named(obj.Pkg()) {
			continue
		}
		for _, ref := range r.l.catalog.ForSymbol(obj.Pkg().Path() + "." + obj.Name()) {
			if ref.Trigger.Kind() == rules.ParamTrigger && r.valueMatches(arg, ref.Trigger) {
				r.fire(ref, obj, arg, append(stack, call), nil)
			}
		}
	}
}

func (r *reporter) compositeLit(lit *ast.CompositeLit, stack []ast.Node) {
	named := namedStruct(r.pass.TypesInfo.TypeOf(lit))
	if named == nil || !r.named(named.Obj().Pkg()) {
		return
	}
	owner := "(" + named.Obj().Pkg().Path() + "." + named.Obj().Name() + ")."
	set := make(map[string]ast.Expr)
	keyed := len(lit.Elts) == 0
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		keyed = true
		if id, ok := kv.Key.(*ast.Ident); ok {
			set[id.Name] = kv.Value
		}
	}
	if !keyed {
		return // positional literal: every field is given
	}
	st := named.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		for _, ref := range r.l.catalog.ForSymbol(owner + f.Name()) {
			t := ref.Trigger
			if t.Kind() != rules.FieldTrigger {
				continue
			}
			v, given := set[f.Name()]
			if (t.Value == rules.Unset || t.Value == rules.Nil) && r.assignedLater(lit, f.Name(), stack) {
				continue // the field is set after the literal, in the same function
			}
			switch {
			case t.Value == rules.Unset && !given:
				r.fire(ref, f, lit, stack, nil)
			case given && r.valueMatches(v, t):
				r.fire(ref, f, v, stack, nil)
			}
		}
	}
}

func (r *reporter) assign(as *ast.AssignStmt, stack []ast.Node) {
	if len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		s := r.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			continue
		}
		owner := fieldOwner(s)
		if owner == nil || !r.named(owner.Obj().Pkg()) {
			continue
		}
		name := "(" + owner.Obj().Pkg().Path() + "." + owner.Obj().Name() + ")." + sel.Sel.Name
		for _, ref := range r.l.catalog.ForSymbol(name) {
			t := ref.Trigger
			if t.Kind() == rules.FieldTrigger && t.Value != rules.Unset && r.valueMatches(as.Rhs[i], t) {
				r.fire(ref, s.Obj(), as.Rhs[i], stack, nil)
			}
		}
	}
}

// uses handles Uses triggers: any reference to the symbol.
func (r *reporter) uses(id *ast.Ident, obj types.Object, stack []ast.Node) {
	if !r.named(obj.Pkg()) {
		return
	}
	name := fullName(obj)
	if name == "" {
		return
	}
	for _, ref := range r.l.catalog.ForSymbol(name) {
		t := ref.Trigger
		if t.Kind() != rules.UsesTrigger {
			continue
		}
		var fixes []analysis.SuggestedFix
		if t.RenameTo != "" && obj.Pkg().Scope().Lookup(t.RenameTo) != nil {
			// Offer the rename only where the new name exists in the
			// version in use.
			fixes = []analysis.SuggestedFix{{
				Message:   "Replace " + obj.Name() + " with " + t.RenameTo,
				TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(t.RenameTo)}},
			}}
		}
		r.fire(ref, obj, id, stack, fixes)
	}
}

// fullName spells obj as trigger symbols are spelled.
func fullName(obj types.Object) string {
	if obj.Pkg() == nil {
		return ""
	}
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Origin().FullName()
	case *types.Var:
		if obj.IsField() {
			return "" // fields are Field triggers
		}
		if obj.Parent() != obj.Pkg().Scope() {
			return "" // locals and parameters
		}
	case *types.PkgName, *types.Label, *types.Builtin, *types.Nil:
		return ""
	}
	if obj.Parent() != obj.Pkg().Scope() {
		return ""
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// valueMatches evaluates a trigger's value predicate on an expression,
// through its type and constant value, never its spelling.
func (r *reporter) valueMatches(e ast.Expr, t *rules.Trigger) bool {
	tv, ok := r.pass.TypesInfo.Types[e]
	if !ok {
		return false
	}
	if t.Equals != "" {
		want, err := rules.ParseConstant(t.Equals)
		if err != nil || tv.Value == nil || !sameConstKind(tv.Value, want) {
			return false
		}
		return constant.Compare(tv.Value, token.EQL, want)
	}
	switch t.Value {
	case rules.Nil:
		return tv.IsNil()
	case rules.Empty:
		return tv.IsNil() || isConst(tv.Value, constant.String, "\"\"") || emptyLit(e)
	case rules.Zero:
		return tv.IsNil() || isZeroConst(tv.Value) || emptyLit(e)
	case rules.Any:
		return true
	}
	return false
}

func sameConstKind(a, b constant.Value) bool {
	num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float || k == constant.Complex }
	return a.Kind() == b.Kind() || num(a.Kind()) && num(b.Kind())
}

func isConst(v constant.Value, kind constant.Kind, exact string) bool {
	return v != nil && v.Kind() == kind && v.ExactString() == exact
}

func isZeroConst(v constant.Value) bool {
	if v == nil {
		return false
	}
	switch v.Kind() {
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Bool:
		return !constant.BoolVal(v)
	case constant.Int, constant.Float, constant.Complex:
		return constant.Sign(v) == 0
	}
	return false
}

// emptyLit reports whether e is T{} or &T{}.
func emptyLit(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0
}

// namedStruct returns the named struct type of t or *t.
func namedStruct(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n == nil {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n.Origin()
}

// fieldOwner returns the named struct type that declares the field a
// selection picks, following embedded fields.
func fieldOwner(s *types.Selection) *types.Named {
	t := s.Recv()
	idx := s.Index()
	for i, x := range idx {
		n := namedStruct(t)
		var st *types.Struct
		if n != nil {
			st = n.Underlying().(*types.Struct)
		} else {
			u := types.Unalias(t)
			if p, ok := u.(*types.Pointer); ok {
				u = p.Elem()
			}
			st, _ = u.Underlying().(*types.Struct)
		}
		if st == nil || x >= st.NumFields() {
			return nil
		}
		if i == len(idx)-1 {
			return n
		}
		t = st.Field(x).Type()
	}
	return nil
}

// methodValueCallee resolves a call of a local variable that holds a
// method value or a function (get := c.Get; get(url, nil)), when the
// variable is defined from one in the same function and never reassigned.
func (r *reporter) methodValueCallee(call *ast.CallExpr, stack []ast.Node) *types.Func {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	info := r.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	body := enclosingFunc(stack)
	if !ok || body == nil || v.Pkg() != r.pass.Pkg || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	var fn *types.Func
	assigned := 0
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			lid, ok := lhs.(*ast.Ident)
			if !ok || info.ObjectOf(lid) != v {
				continue
			}
			assigned++
			if sel, ok := ast.Unparen(as.Rhs[i]).(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					fn, _ = s.Obj().(*types.Func)
				} else if f, ok := info.Uses[sel.Sel].(*types.Func); ok {
					fn = f
				}
			}
		}
		return true
	})
	if assigned != 1 || fn == nil {
		return nil
	}
	return fn
}

// assignedLater reports whether the variable that lit (or &lit) is bound to
// gets field assigned anywhere in the enclosing function.
func (r *reporter) assignedLater(lit *ast.CompositeLit, field string, stack []ast.Node) bool {
	body := enclosingFunc(stack)
	if body == nil || len(stack) < 2 {
		return false
	}
	var bound ast.Expr = lit
	i := len(stack) - 2
	if u, ok := stack[i].(*ast.UnaryExpr); ok && u.Op == token.AND {
		bound, i = u, i-1
	}
	var v types.Object
	switch p := stack[i].(type) {
	case *ast.AssignStmt:
		for j, rhs := range p.Rhs {
			if rhs == bound && j < len(p.Lhs) {
				if id, ok := p.Lhs[j].(*ast.Ident); ok {
					v = r.pass.TypesInfo.ObjectOf(id)
				}
			}
		}
	case *ast.ValueSpec:
		for j, val := range p.Values {
			if val == bound && j < len(p.Names) {
				v = r.pass.TypesInfo.ObjectOf(p.Names[j])
			}
		}
	}
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == field {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && r.pass.TypesInfo.Uses[id] == v {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// enclosingFunc returns the body of the innermost function in stack.
func enclosingFunc(stack []ast.Node) *ast.BlockStmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			return f.Body
		case *ast.FuncLit:
			return f.Body
		}
	}
	return nil
}

// withHolds checks a trigger's second fact in the function around node.
func (r *reporter) withHolds(c *rules.Condition, node ast.Node, stack []ast.Node) bool {
	body := enclosingFunc(stack)
	if body == nil {
		return false
	}
	switch {
	case c.Calls != "":
		return r.bodyCalls(body, c.Calls)
	case c.InsideFuncArgOf != "":
		return r.insideFuncArgOf(stack, c.InsideFuncArgOf)
	case c.ReceiverFrom != "":
		return r.receiverFrom(body, node, stack, c.ReceiverFrom)
	case c.CallsPassing != nil:
		return r.callsPassing(body, c.CallsPassing)
	case c.SameLiteral != nil:
		lit, _ := stack[len(stack)-1].(*ast.CompositeLit)
		return lit != nil && r.literalHas(lit, c.SameLiteral)
	case c.ArgFieldSet != "":
		call, _ := stack[len(stack)-1].(*ast.CallExpr)
		if call == nil {
			return false
		}
		for _, arg := range call.Args {
			if arg != node && r.fieldSet(body, arg, c.ArgFieldSet) {
				return true
			}
		}
	}
	return false
}

// receiverFrom reports whether the receiver of the method the trigger
// names (node is the method's identifier for a uses trigger, or an
// argument of the call at the top of stack) is a call of symbol, or a local
// variable whose every assignment is a call of symbol and whose every use
// in body is as the receiver of a method of that name: a value the
// function never changed after making it.
func (r *reporter) receiverFrom(body *ast.BlockStmt, node ast.Node, stack []ast.Node, symbol string) bool {
	var sel *ast.SelectorExpr
	if len(stack) >= 2 {
		if s, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && s.Sel == node {
			sel = s
		}
	}
	if call, ok := stack[len(stack)-1].(*ast.CallExpr); ok && sel == nil {
		sel, _ = ast.Unparen(call.Fun).(*ast.SelectorExpr)
	}
	if sel == nil {
		return false
	}
	info := r.pass.TypesInfo
	if s := info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
		return false
	}
	isCall := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		return ok && fn.Origin().FullName() == symbol
	}
	if isCall(sel.X) {
		return true
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != r.pass.Pkg || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return false // a package-level variable, a parameter of another scope, a field
	}
	// Every appearance of v in body: a definition or assignment from a call
	// of symbol, or the receiver of a method of the trigger's name.
	receivers := make(map[*ast.Ident]bool)
	assigned := make(map[*ast.Ident]bool)
	defined := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Sel.Name == sel.Sel.Name {
				receivers[x] = true
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if x, ok := lhs.(*ast.Ident); ok && info.ObjectOf(x) == v {
					assigned[x] = len(n.Lhs) == len(n.Rhs) && isCall(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == v {
					assigned[name] = i < len(n.Values) && len(n.Names) == len(n.Values) && isCall(n.Values[i])
				}
			}
		}
		return true
	})
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		x, isID := n.(*ast.Ident)
		if !isID || info.ObjectOf(x) != v {
			return ok
		}
		if fromCall, isAssign := assigned[x]; isAssign {
			ok = ok && fromCall
			defined = defined || fromCall
		} else if !receivers[x] {
			ok = false
		}
		return ok
	})
	return ok && defined
}

// callsPassing reports whether body calls c.Call with argument c.Arg of
// the named type c.Type or a pointer to it.
func (r *reporter) callsPassing(body *ast.BlockStmt, c *rules.CallArg) bool {
	info := r.pass.TypesInfo
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || c.Arg >= len(call.Args) {
			return !found
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Origin().FullName() != c.Call {
			return true
		}
		t := info.TypeOf(call.Args[c.Arg])
		if t == nil {
			return true
		}
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil &&
			named.Obj().Pkg().Path()+"."+named.Obj().Name() == c.Type {
			found = true
		}
		return !found
	})
	return found
}

// literalHas reports whether every fact holds for the fields of lit.
func (r *reporter) literalHas(lit *ast.CompositeLit, facts []rules.FieldFact) bool {
	set := make(map[string]ast.Expr)
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				set[id.Name] = kv.Value
			}
		}
	}
	for _, f := range facts {
		v, given := set[f.Field]
		switch {
		case f.MinLen > 0:
			elems, ok := ast.Unparen(v).(*ast.CompositeLit)
			if !given || !ok || len(elems.Elts) < f.MinLen {
				return false
			}
		case f.Value == rules.Zero:
			if given && !r.valueMatches(v, &rules.Trigger{Value: rules.Zero}) {
				return false
			}
		}
	}
	return true
}

// insideFuncArgOf reports whether the innermost function literal around
// the trigger is an argument of a call of symbol.
func (r *reporter) insideFuncArgOf(stack []ast.Node, symbol string) bool {
	for i := len(stack) - 1; i > 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			call, ok := stack[i-1].(*ast.CallExpr)
			if !ok {
				return false
			}
			fn, ok := typeutil.Callee(r.pass.TypesInfo, call).(*types.Func)
			return ok && fn.Origin().FullName() == symbol
		}
	}
	return false
}

// optedOut reports whether the top-level declaration around the trigger
// (the declared function, or a package-level var) calls symbol, the
// library's opt-out: option.WithoutAuthentication() in the same option
// list, or anywhere in the function that builds the client. The whole
// declaration, not the innermost function literal, is the scope: options
// are often collected in one place and used in a closure.
func (r *reporter) optedOut(symbol string, stack []ast.Node) bool {
	for _, n := range stack {
		if d, ok := n.(ast.Decl); ok {
			return r.bodyCalls(d, symbol)
		}
	}
	return false
}

func (r *reporter) bodyCalls(body ast.Node, symbol string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if fn, ok := typeutil.Callee(r.pass.TypesInfo, call).(*types.Func); ok && fn.Origin().FullName() == symbol {
				found = true
			}
		}
		return !found
	})
	return found
}

// fieldSet reports whether arg, a struct or pointer to one with a field
// named field, has that field set: in arg itself (&P{Field: x},
// NewP().WithField(x)) or, when arg is a variable, anywhere in body.
func (r *reporter) fieldSet(body *ast.BlockStmt, arg ast.Expr, field string) bool {
	info := r.pass.TypesInfo
	st := namedStruct(info.TypeOf(arg))
	if st == nil || !hasField(st, field) {
		return false
	}
	if setsField(arg, field) {
		return true
	}
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok {
		return false
	}
	v := info.Uses[id]
	if v == nil {
		return false
	}
	isVar := func(e ast.Expr) bool {
		x, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Uses[x] == v || info.Defs[x] == v)
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == field && isVar(sel.X) {
					found = true
				}
				if isVar(lhs) && len(n.Lhs) == len(n.Rhs) && setsField(n.Rhs[i], field) {
					found = true
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == v && i < len(n.Values) && setsField(n.Values[i], field) {
					found = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isSetter(sel.Sel.Name, field) && isVar(sel.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// setsField reports whether e is a literal with the field set or a chain
// of generated setters that includes it.
func setsField(e ast.Expr, field string) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
					return true
				}
			}
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			return isSetter(sel.Sel.Name, field) || setsField(sel.X, field)
		}
	}
	return false
}

// isSetter matches go-swagger's generated With<Field> and Set<Field>.
func isSetter(method, field string) bool {
	return method == "With"+field || method == "Set"+field
}

func hasField(n *types.Named, field string) bool {
	st := n.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == field {
			return true
		}
	}
	return false
}

// importedPath is the import path named by an import spec.
func importedPath(spec *ast.ImportSpec) string {
	return strings.Trim(spec.Path.Value, "`\"")
}
