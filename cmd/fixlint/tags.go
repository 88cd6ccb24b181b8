package main

import (
	"fmt"
	"strings"
	"unicode"
)

// tagsFlag is -tags: build tags, comma-separated, as the go command takes
// them (go build -tags a,b). The old space-separated form is accepted
// too, as the go command still accepts it.
type tagsFlag []string

func (t *tagsFlag) String() string { return strings.Join(*t, ",") }

func (t *tagsFlag) Set(s string) error {
	*t = nil
	for _, tag := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !validTag(tag) {
			return fmt.Errorf("build tag %q: want letters, digits, _ and . only", tag)
		}
		*t = append(*t, tag)
	}
	return nil
}

// validTag reports whether tag can be a build constraint's word
// (go/build/constraint: letters, digits, _ and .; a leading ! would be a
// negation, which -tags does not take).
func validTag(tag string) bool {
	for _, r := range tag {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' {
			return false
		}
	}
	return tag != ""
}
