// Package directive parses fixlint:ignore comments, in Go files and in
// go.mod alike.
package directive

import "strings"

// Prefix starts an ignore directive.
const Prefix = "fixlint:ignore"

// Ignore is a parsed directive: "fixlint:ignore ID[,ID…] reason".
type Ignore struct {
	IDs    []string
	Reason string
}

// Valid reports whether the directive names a card and gives a reason; an
// invalid directive suppresses nothing.
func (ig Ignore) Valid() bool { return len(ig.IDs) > 0 && ig.Reason != "" }

// ParseGo parses a Go comment ("//fixlint:ignore …", no space after //, like
// other tool directives). ok is false when the comment is no directive.
func ParseGo(comment string) (ig Ignore, ok bool) {
	text, found := strings.CutPrefix(comment, "//")
	if !found {
		text = strings.TrimSuffix(strings.TrimPrefix(comment, "/*"), "*/")
	}
	return parse(strings.TrimSpace(text))
}

// ParseGoMod parses a go.mod comment, where the directive may follow other
// text such as "indirect;": "// indirect; fixlint:ignore ID reason".
func ParseGoMod(comment string) (ig Ignore, ok bool) {
	i := strings.Index(comment, Prefix)
	if i < 0 {
		return Ignore{}, false
	}
	return parse(comment[i:])
}

func parse(text string) (Ignore, bool) {
	rest, found := strings.CutPrefix(text, Prefix)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Ignore{}, false // fixlint:ignoreXYZ is something else
	}
	fields := strings.Fields(rest)
	var ig Ignore
	if len(fields) == 0 {
		return ig, true
	}
	for _, id := range strings.Split(fields[0], ",") {
		if id != "" {
			ig.IDs = append(ig.IDs, id)
		}
	}
	ig.Reason = strings.Join(fields[1:], " ")
	return ig, true
}

// Malformed is the message for a directive that is not id-and-reason;
// comment is how a directive starts where it was found ("//" in Go files,
// "// " in go.mod).
func Malformed(comment string) string {
	return "malformed fixlint:ignore directive: write " + comment + "fixlint:ignore CARD-ID reason (the reason is required); this one suppresses nothing"
}

// Unused is the message for an ID of a directive that silenced nothing:
// remove it, or, when no card has that ID, fix what is likely a typo.
// scope says which lines a directive covers ("this line or the next").
func Unused(id string, known bool, scope string) string {
	if !known {
		return "fixlint:ignore names " + id + ", which is no card fixlint knows"
	}
	return "fixlint:ignore " + id + " matched no finding on " + scope + "; remove it"
}
