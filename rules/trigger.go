package rules

import (
	"fmt"
	"go/constant"
	"go/token"
	"strings"

	"golang.org/x/mod/module"
)

// A Trigger is a code pattern in user code that hits a card's problem.
// Exactly one of Call, Param, Field and Uses is set. Symbols are spelled as
// go/types spells full names, and are matched through go/types, never by
// the text of the user's code:
//
//	pkg/path.Func             a package-level function (or variable)
//	(*pkg/path.Type).Method   a method with a pointer receiver
//	(pkg/path.Type).Method    a method with a value receiver, or an interface method
//	(pkg/path.Type).Field     a struct field (Field triggers)
//	pkg/path.Type             a named type (Param triggers)
type Trigger struct {
	// Call: a call of this function or method whose argument Arg matches
	// Value or Equals.
	Call string
	// Arg is the 0-based argument index of Call, receiver excluded.
	Arg int
	// Param: any call one of whose parameters has this named type and
	// receives a matching value. This is how one card covers every method
	// of generated clients (go-swagger's authInfo parameters).
	Param string
	// Field: a struct field set to a matching value, in a composite literal
	// or an assignment; with Value "unset", a composite literal of the
	// struct that leaves the field out.
	Field string
	// Uses: any reference to this symbol (a call, a method value, a
	// conversion). OSV symbol triggers are of this form.
	Uses string

	Value  Value
	Equals string // a Go constant literal: "0", "\"none\"", "true"

	// With is a second fact that must hold in the same function.
	With *Condition
	// Unless names the library's own opt-out: the trigger stays silent
	// where the code already calls it in the same function (or, at package
	// level, the same declaration). Only its Calls is used: an opt-out is a
	// call such as option.WithoutAuthentication().
	Unless *Condition

	// RenameTo names the symbol to use instead (same package); with it, a
	// Uses trigger offers a suggested fix.
	RenameTo string

	// Platform limits the trigger to builds for some operating systems
	// and architectures (an OSV record's goos and goarch).
	Platform Platform

	// Message says what this code does wrong, as a sentence fragment:
	// `SetAuthScheme("") leaves the client's auth scheme in place`.
	Message string
	// Fix says what to write instead, when upgrading is not the only answer.
	Fix string

	// Line is the trigger's line in its card file (0 for generated cards).
	Line int
}

// Value is what an argument or field must be for a trigger to fire.
type Value string

const (
	// AnyValue: no condition on the value (Uses triggers).
	AnyValue Value = ""
	// Nil: the untyped nil.
	Nil Value = "nil"
	// Empty: nil, the empty string constant, or a composite literal with no elements.
	Empty Value = "empty"
	// Zero: any zero value: nil, "", 0, false, or T{}.
	Zero Value = "zero"
	// Unset: the field is left out of a composite literal (Field triggers only).
	Unset Value = "unset"
	// Any: whatever the value; the trigger's With condition carries the intent.
	Any Value = "any"
)

var values = []Value{Nil, Empty, Zero, Unset, Any}

// Condition is a second fact in the same function as the trigger.
type Condition struct {
	// ArgFieldSet: another argument of the same call is a struct, or a
	// pointer to one, whose field of this name is set in the same function
	// (a composite literal key, an assignment, or a call of the generated
	// With<Name> or Set<Name> method on it).
	ArgFieldSet string
	// Calls: the same function also calls this function or method.
	Calls string
	// InsideFuncArgOf: the trigger is inside a function literal passed to
	// this function or method (a hook or middleware).
	InsideFuncArgOf string
	// ReceiverFrom (a call or uses trigger on a method): the method's
	// receiver is a call of this function (RouteHeaders().Handler), or a
	// local variable whose every assignment is a call of it and whose every
	// use in the function is as the receiver of the trigger's method: a
	// value the code never changed after making it.
	ReceiverFrom string
	// SameLiteral (a field trigger): facts about other fields of the
	// composite literal the trigger fires in, all of which must hold. A
	// field set by an assignment has no literal, so the trigger is silent
	// there.
	SameLiteral []FieldFact
	// CallsPassing: the same function also calls a function with an
	// argument of a named type (or a pointer to it), such as
	// config.WithCredentialsProvider(aws.AnonymousCredentials{}).
	CallsPassing *CallArg
}

// CallArg is a call of Call whose argument Arg (0-based) has the named
// type Type, spelled pkg/path.Name, or a pointer to it.
type CallArg struct {
	Call string
	Arg  int
	Type string
}

// FieldFact is a fact about one field of a composite literal: exactly one
// of MinLen and Value.
type FieldFact struct {
	Field string
	// MinLen: the field is set to a slice or array literal with at least
	// this many elements.
	MinLen int
	// Value Zero: the field is left out or set to a constant zero value.
	Value Value
}

// TriggerKind says which of Call, Param, Field and Uses a trigger sets.
type TriggerKind string

const (
	CallTrigger  TriggerKind = "call"
	ParamTrigger TriggerKind = "param"
	FieldTrigger TriggerKind = "field"
	UsesTrigger  TriggerKind = "uses"
)

// Kind returns the trigger's kind.
func (t *Trigger) Kind() TriggerKind {
	switch {
	case t.Call != "":
		return CallTrigger
	case t.Param != "":
		return ParamTrigger
	case t.Field != "":
		return FieldTrigger
	}
	return UsesTrigger
}

// Symbol returns the trigger's symbol, whichever kind it is.
func (t *Trigger) Symbol() string {
	return t.Call + t.Param + t.Field + t.Uses
}

// Symbol is a parsed symbol name.
type Symbol struct {
	PkgPath string
	Recv    string // receiver or owning type name, "" for package-level names
	Ptr     bool   // pointer receiver
	Name    string
}

func (s Symbol) String() string {
	if s.Recv == "" {
		return s.PkgPath + "." + s.Name
	}
	star := ""
	if s.Ptr {
		star = "*"
	}
	return "(" + star + s.PkgPath + "." + s.Recv + ")." + s.Name
}

// ParseSymbol parses a symbol spelled as in the Trigger documentation.
func ParseSymbol(s string) (Symbol, error) {
	var sym Symbol
	rest := s
	if strings.HasPrefix(rest, "(") {
		end := strings.Index(rest, ")")
		if end < 0 {
			return sym, fmt.Errorf("symbol %s: missing ')'", quote(s))
		}
		recv := rest[1:end]
		if !strings.HasPrefix(rest[end+1:], ".") {
			return sym, fmt.Errorf("symbol %s: want (pkg.Type).Name", quote(s))
		}
		sym.Name = rest[end+2:]
		if strings.HasPrefix(recv, "*") {
			sym.Ptr = true
			recv = recv[1:]
		}
		dot := strings.LastIndex(recv, ".")
		if dot < 0 {
			return sym, fmt.Errorf("symbol %s: receiver %s has no package path", quote(s), quote(recv))
		}
		sym.PkgPath, sym.Recv = recv[:dot], recv[dot+1:]
		if !token.IsIdentifier(sym.Recv) {
			return sym, fmt.Errorf("symbol %s: %s is not a Go identifier", quote(s), quote(sym.Recv))
		}
	} else {
		// The package path may itself contain dots (github.com/...), so the
		// name is what follows the last dot after the last slash.
		slash := strings.LastIndex(rest, "/")
		dot := strings.LastIndex(rest, ".")
		if dot < 0 || dot < slash {
			return sym, fmt.Errorf("symbol %s: want pkg/path.Name", quote(s))
		}
		sym.PkgPath, sym.Name = rest[:dot], rest[dot+1:]
	}
	if !token.IsIdentifier(sym.Name) {
		return sym, fmt.Errorf("symbol %s: %s is not a Go identifier", quote(s), quote(sym.Name))
	}
	if err := module.CheckImportPath(sym.PkgPath); err != nil {
		return sym, fmt.Errorf("symbol %s: %v", quote(s), err)
	}
	return sym, nil
}

// inModule reports whether package path pkg belongs to module mod by its
// path (the analyzer checks the real module through facts).
func inModule(pkg, mod string) bool {
	return pkg == mod || strings.HasPrefix(pkg, mod+"/") || mod == "stdlib"
}

// validate checks a trigger's form; mod is the card's module.
func (t *Trigger) validate(mod string) error {
	n := 0
	for _, s := range []string{t.Call, t.Param, t.Field, t.Uses} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("a trigger needs exactly one of call, param, field, uses (has %d)", n)
	}
	if err := t.Platform.validate(); err != nil {
		return fmt.Errorf("goos/goarch: %v", err)
	}
	sym, err := ParseSymbol(t.Symbol())
	if err != nil {
		return err
	}
	if !inModule(sym.PkgPath, mod) {
		return fmt.Errorf("symbol %s is not in module %s", t.Symbol(), mod)
	}
	switch t.Kind() {
	case CallTrigger:
		if t.Arg < 0 {
			return fmt.Errorf("call trigger: arg must be 0 or more")
		}
	case ParamTrigger:
		if sym.Recv != "" {
			return fmt.Errorf("param trigger: %s is not a type name (want pkg/path.Type)", t.Param)
		}
	case FieldTrigger:
		if sym.Recv == "" || sym.Ptr {
			return fmt.Errorf("field trigger: want (pkg/path.Type).Field, got %s", t.Field)
		}
	case UsesTrigger:
		if t.Value != AnyValue || t.Equals != "" {
			return fmt.Errorf("uses trigger: value and equals do not apply")
		}
	}
	if t.Kind() != UsesTrigger {
		if (t.Value == AnyValue) == (t.Equals == "") {
			return fmt.Errorf("%s trigger: exactly one of value and equals is needed", t.Kind())
		}
	}
	if t.Value != AnyValue && !contains(values, t.Value) {
		return fmt.Errorf("unknown value %s (want one of %s)", quote(string(t.Value)), joinStrings(values))
	}
	if t.Value == Any && t.With == nil {
		return fmt.Errorf("value any needs a with condition, or the trigger would fire on every use")
	}
	if t.Value == Unset && t.Kind() != FieldTrigger {
		return fmt.Errorf("value unset applies to field triggers only")
	}
	if t.Equals != "" {
		if _, err := ParseConstant(t.Equals); err != nil {
			return fmt.Errorf("equals: %v", err)
		}
	}
	if t.RenameTo != "" {
		if t.Kind() != UsesTrigger || !token.IsIdentifier(t.RenameTo) {
			return fmt.Errorf("rename_to: needs a uses trigger and a Go identifier")
		}
	}
	if t.With != nil {
		if err := t.validateWith(sym); err != nil {
			return fmt.Errorf("with: %v", err)
		}
	}
	if t.Unless != nil {
		u := t.Unless
		if u.Calls == "" || u.ArgFieldSet != "" || u.InsideFuncArgOf != "" || u.ReceiverFrom != "" || u.SameLiteral != nil || u.CallsPassing != nil {
			return fmt.Errorf("unless: needs calls: the opt-out function, and nothing else")
		}
		if _, err := ParseSymbol(t.Unless.Calls); err != nil {
			return fmt.Errorf("unless: %v", err)
		}
	}
	return nil
}

// validateWith checks a trigger's with: condition; sym is the trigger's
// symbol.
func (t *Trigger) validateWith(sym Symbol) error {
	w := t.With
	n := 0
	for _, s := range []string{w.ArgFieldSet, w.Calls, w.InsideFuncArgOf, w.ReceiverFrom} {
		if s != "" {
			n++
		}
	}
	if w.SameLiteral != nil {
		n++
	}
	if w.CallsPassing != nil {
		n++
	}
	if n != 1 {
		return fmt.Errorf("needs exactly one of arg_field_set, calls, inside_func_arg_of, receiver_from, same_literal, calls_passing")
	}
	if c := w.CallsPassing; c != nil {
		if _, err := ParseSymbol(c.Call); err != nil {
			return fmt.Errorf("calls_passing: call: %v", err)
		}
		if c.Arg < 0 {
			return fmt.Errorf("calls_passing: arg must be 0 or more")
		}
		if ts, err := ParseSymbol(c.Type); err != nil || ts.Recv != "" {
			return fmt.Errorf("calls_passing: type %s is not a named type (want pkg/path.Type)", quote(c.Type))
		}
	}
	if w.ArgFieldSet != "" && !token.IsIdentifier(w.ArgFieldSet) {
		return fmt.Errorf("arg_field_set %s is not a Go identifier", quote(w.ArgFieldSet))
	}
	for _, s := range []string{w.Calls, w.InsideFuncArgOf, w.ReceiverFrom} {
		if s == "" {
			continue
		}
		if _, err := ParseSymbol(s); err != nil {
			return err
		}
	}
	if w.ReceiverFrom != "" && (sym.Recv == "" || t.Kind() != CallTrigger && t.Kind() != UsesTrigger) {
		return fmt.Errorf("receiver_from needs a call or uses trigger on a method")
	}
	if w.SameLiteral != nil {
		if t.Kind() != FieldTrigger {
			return fmt.Errorf("same_literal needs a field trigger")
		}
		if len(w.SameLiteral) == 0 {
			return fmt.Errorf("same_literal needs at least one fact")
		}
		for _, f := range w.SameLiteral {
			if !token.IsIdentifier(f.Field) || f.Field == sym.Name {
				return fmt.Errorf("same_literal: field %s is not a Go identifier other than the trigger's field", quote(f.Field))
			}
			if (f.MinLen > 0) == (f.Value != AnyValue) || f.MinLen < 0 {
				return fmt.Errorf("same_literal: field %s needs exactly one of min_len (1 or more) and value", f.Field)
			}
			if f.Value != AnyValue && f.Value != Zero {
				return fmt.Errorf("same_literal: field %s: value %s is not supported (want zero)", f.Field, quote(string(f.Value)))
			}
		}
	}
	return nil
}

// ParseConstant parses an equals: value: a Go basic literal ("0",
// `"none"`, "'x'", "1.5", "0x1F"), true or false, or a number literal after
// one '-' (a negative constant is a literal under unary minus in Go). It is
// at most MaxConstantLen bytes long. It reads the text once, without
// recursion: the text comes from a card file.
func ParseConstant(lit string) (constant.Value, error) {
	body, negative := strings.CutPrefix(lit, "-")
	if negative && strings.HasPrefix(body, "-") {
		return nil, fmt.Errorf("%s: at most one leading '-' (a number literal, negated)", quote(lit))
	}
	if len(lit) > MaxConstantLen {
		return nil, fmt.Errorf("a constant literal of %d bytes; at most %d", len(lit), MaxConstantLen)
	}
	switch lit {
	case "true":
		return constant.MakeBool(true), nil
	case "false":
		return constant.MakeBool(false), nil
	}
	if strings.HasPrefix(body, "+") || strings.HasPrefix(body, "-") {
		// strconv, under go/constant, would take a sign; Go literals have none.
		return nil, fmt.Errorf("%s is not a Go constant literal", quote(lit))
	}
	var tok token.Token
	switch {
	case strings.HasPrefix(body, `"`) || strings.HasPrefix(body, "`"):
		tok = token.STRING
	case strings.HasPrefix(body, "'"):
		tok = token.CHAR
	case strings.ContainsAny(body, ".eEpP") && !strings.HasPrefix(body, "0x") && !strings.HasPrefix(body, "0X"):
		tok = token.FLOAT
	case strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X"):
		// A hexadecimal float has a 'p' exponent; e and E are digits.
		tok = token.INT
		if strings.ContainsAny(body, "pP.") {
			tok = token.FLOAT
		}
	default:
		tok = token.INT
	}
	v := constant.MakeFromLiteral(body, tok, 0)
	if v.Kind() == constant.Unknown {
		return nil, fmt.Errorf("%s is not a Go constant literal", quote(lit))
	}
	if negative {
		if v.Kind() != constant.Int && v.Kind() != constant.Float {
			return nil, fmt.Errorf("%s: only a number can be negated", quote(lit))
		}
		v = constant.UnaryOp(token.SUB, v, 0)
	}
	return v, nil
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
