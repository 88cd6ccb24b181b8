package published

import (
	"strings"
	"unicode"

	"github.com/fixlint/fixlint/internal/versions"
)

// RetractedMessage says that version of the module is retracted, why, and
// the way out: go get of recommended (from Recommended; "" when no version
// the cache holds will do).
func (n *Notice) RetractedMessage(version string, r *Retraction, recommended string) string {
	var b strings.Builder
	b.WriteString(n.Module + " " + version + " is retracted by its authors")
	if why := oneLine(r.Rationale); why != "" {
		b.WriteString(": " + why)
	} else {
		b.WriteString(" (they gave no reason)")
	}
	switch {
	case recommended == "":
		b.WriteString("; no version in the module cache is free of retractions and known problems")
	case versions.Newer(version, recommended):
		b.WriteString("; the highest version that is not retracted is " + recommended + ", a downgrade: run go get " + n.Module + "@" + recommended)
	default:
		b.WriteString("; run go get " + n.Module + "@" + recommended)
	}
	b.WriteString(" (" + n.Where() + ")")
	return b.String()
}

// DeprecatedMessage says that the module is deprecated, with its author's
// message (which usually names the replacement).
func (n *Notice) DeprecatedMessage() string {
	return n.Module + " is deprecated by its authors: " + oneLine(n.Deprecated) + " (" + n.Where() + ")"
}

// maxText bounds an author's text in a message: a go.mod comment can be
// long, and a diagnostic is one line.
const maxText = 300

// oneLine makes an author's comment fit a one-line diagnostic: whitespace
// runs (newlines included) become one space, control characters are
// dropped, a final period goes (the message goes on), and the text is cut
// at maxText runes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(s, ".")
	if r := []rune(s); len(r) > maxText {
		s = string(r[:maxText]) + "…"
	}
	return s
}
