package upgrade

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Change is a use in the user's code that still compiles at the new
// versions but whose symbol changed under it: a constant's value or type,
// a function's or method's signature, a variable's or field's type.
type Change struct {
	Position string `json:"position"` // file:line:col of the use
	Symbol   string `json:"symbol"`   // as the code spells it: lib.F, (lib.T).M
	Message  string `json:"message"`
}

// maxChangesPerSymbol bounds the uses listed for one changed symbol; the
// rest are counted.
const maxChangesPerSymbol = 5

// findChanges compares the symbols of moved modules that today's code uses
// with the same symbols at the new versions (later), and lists the uses
// that compile at both but do not mean the same. Uses already broken are
// Breaks, not Changes.
func (p *Plan) findChanges(today *Today, later []*packages.Package, after map[string]string, dir string) {
	moved := p.moved()
	newPkgs := importedPackages(later)
	broken := make(map[string]bool) // file:line
	for _, b := range p.Breaks {
		broken[fileLine(b.Position)] = true
	}
	type use struct{ pos string }
	bySymbol := make(map[string][]use)
	messages := make(map[string]string)
	seen := make(map[token.Position]bool)
	for _, pkg := range today.pkgs {
		if pkg.Module == nil || !pkg.Module.Main || pkg.TypesInfo == nil {
			continue
		}
		consider := func(pos token.Pos, sym string, old, new types.Object) {
			how := changed(old, new)
			if how == "" {
				return
			}
			at := pkg.Fset.Position(pos)
			if seen[at] {
				return
			}
			seen[at] = true
			rel := relative(dir, at.String())
			if broken[fileLine(rel)] {
				return
			}
			bySymbol[sym] = append(bySymbol[sym], use{pos: rel})
			messages[sym] = sym + " " + how
		}
		for id, obj := range pkg.TypesInfo.Uses {
			if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() || !moved[moduleOf(obj.Pkg().Path(), after)] {
				continue
			}
			np := newPkgs[obj.Pkg().Path()]
			if np == nil {
				continue
			}
			consider(id.Pos(), obj.Pkg().Name()+"."+obj.Name(), obj, np.Scope().Lookup(obj.Name()))
		}
		for sel, s := range pkg.TypesInfo.Selections {
			obj := s.Obj()
			if obj.Pkg() == nil || !moved[moduleOf(obj.Pkg().Path(), after)] {
				continue
			}
			named := receiverNamed(s.Recv())
			if named == nil || named.Obj().Pkg() == nil {
				continue
			}
			np := newPkgs[named.Obj().Pkg().Path()]
			if np == nil {
				continue
			}
			tn, ok := np.Scope().Lookup(named.Obj().Name()).(*types.TypeName)
			if !ok {
				continue
			}
			recv := types.Type(tn.Type())
			if _, isPtr := s.Recv().(*types.Pointer); isPtr {
				recv = types.NewPointer(recv)
			}
			newObj, _, _ := types.LookupFieldOrMethod(recv, true, np, obj.Name())
			consider(sel.Sel.Pos(), "("+named.Obj().Pkg().Name()+"."+named.Obj().Name()+")."+obj.Name(), obj, newObj)
		}
	}
	syms := make([]string, 0, len(bySymbol))
	for s := range bySymbol {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	for _, sym := range syms {
		uses := bySymbol[sym]
		sort.Slice(uses, func(i, j int) bool { return uses[i].pos < uses[j].pos })
		for i, u := range uses {
			if i == maxChangesPerSymbol {
				p.Changes = append(p.Changes, Change{Position: u.pos, Symbol: sym, Message: fmt.Sprintf("%s, and %d more uses", messages[sym], len(uses)-i)})
				break
			}
			p.Changes = append(p.Changes, Change{Position: u.pos, Symbol: sym, Message: messages[sym]})
		}
	}
}

// changed says how new differs from old in a way that can change what
// compiling code means, or "".
func changed(old, new types.Object) string {
	if new == nil || old == nil {
		return "" // gone: the code no longer compiles, a Break
	}
	typ := func(t types.Type) string { return types.TypeString(t, qualifier) }
	switch old := old.(type) {
	case *types.Const:
		n, ok := new.(*types.Const)
		if !ok {
			return ""
		}
		if old.Val().ExactString() != n.Val().ExactString() {
			return fmt.Sprintf("was %s, is %s", old.Val().ExactString(), n.Val().ExactString())
		}
		if typ(old.Type()) != typ(n.Type()) {
			return fmt.Sprintf("was of type %s, is of type %s", typ(old.Type()), typ(n.Type()))
		}
	case *types.Func:
		n, ok := new.(*types.Func)
		if !ok {
			return ""
		}
		o, s := old.Signature(), n.Signature()
		if sigString(o) == sigString(s) || addsVariadic(o, s) {
			return ""
		}
		return fmt.Sprintf("was %s, is %s", sigString(o), sigString(s))
	case *types.Var:
		n, ok := new.(*types.Var)
		if !ok || typ(old.Type()) == typ(n.Type()) {
			return ""
		}
		return fmt.Sprintf("was of type %s, is of type %s", typ(old.Type()), typ(n.Type()))
	}
	return ""
}

// addsVariadic reports whether s is o with a trailing variadic parameter
// added (options, usually): calls that compile mean what they meant.
func addsVariadic(o, s *types.Signature) bool {
	if !s.Variadic() || o.Variadic() || s.Params().Len() != o.Params().Len()+1 {
		return false
	}
	for i := 0; i < o.Params().Len(); i++ {
		if types.TypeString(o.Params().At(i).Type(), qualifier) != types.TypeString(s.Params().At(i).Type(), qualifier) {
			return false
		}
	}
	return types.TypeString(o.Results(), qualifier) == types.TypeString(s.Results(), qualifier)
}

// sigString spells a signature without its receiver.
func sigString(s *types.Signature) string {
	return types.TypeString(types.NewSignatureType(nil, nil, nil, s.Params(), s.Results(), s.Variadic()), qualifier)
}

// fileLine is file:line of a file:line:col position.
func fileLine(pos string) string {
	if i := strings.LastIndex(pos, ":"); i >= 0 {
		return pos[:i]
	}
	return pos
}

// qualifier spells package-qualified names by package name, as code does.
func qualifier(p *types.Package) string { return p.Name() }

func receiverNamed(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

// moduleOf is the module of the build list that provides package path:
// the longest module path that is path or a prefix of it.
func moduleOf(path string, mods map[string]string) string {
	for p := path; ; {
		if _, ok := mods[p]; ok {
			return p
		}
		i := strings.LastIndex(p, "/")
		if i < 0 {
			return ""
		}
		p = p[:i]
	}
}

// importedPackages are the packages as the new versions have them,
// reached from the main packages through their imports.
func importedPackages(later []*packages.Package) map[string]*types.Package {
	out := make(map[string]*types.Package)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if _, ok := out[imp.Path()]; !ok {
				out[imp.Path()] = imp
				visit(imp)
			}
		}
	}
	for _, pkg := range later {
		if pkg.Types != nil {
			visit(pkg.Types)
		}
	}
	return out
}
