package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// DecodeYAML decodes a file that people write by hand (a card, fixlint's
// configuration) into out, strictly: a key out does not have is an error,
// and so is a second YAML document. It returns the document's root node
// (nil for an empty file) and every problem found, at most
// MaxErrorsPerFile of them, each naming file and line.
//
// YAML anchors and aliases are refused. Such files have no use for them,
// and an alias is a copy made at decode time: a small file that aliases a
// long text thousands of times decodes into gigabytes, below yaml.v3's own
// alias limit. Without them, decoding takes time linear in the file's size.
func DecodeYAML(file string, data []byte, out any) (*yaml.Node, Errors) {
	if e := checkText(file, data); e != nil {
		return nil, Errors{e}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, capErrors(file, yamlErrors(file, err))
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if errs := anchors(file, root); len(errs) > 0 {
		return nil, capErrors(file, errs)
	}
	// Decode the text, not the node: yaml.v3 checks unknown fields
	// (KnownFields) only in a Decoder.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		return nil, capErrors(file, yamlErrors(file, err))
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		return nil, capErrors(file, yamlErrors(file, err))
	default:
		return nil, Errors{{File: file, Line: extra.Line, Msg: "a file holds one YAML document (found a second one)"}}
	}
	return root, nil
}

// anchors reports every anchor and alias under root. It walks the tree
// with a stack of its own: nesting depth is the file's to choose.
func anchors(file string, root *yaml.Node) Errors {
	var errs Errors
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.Kind == yaml.AliasNode:
			errs = append(errs, &Error{File: file, Line: n.Line, Msg: "YAML alias *" + quoteName(n.Value) + ": anchors and aliases are not allowed in this file"})
		case n.Anchor != "":
			errs = append(errs, &Error{File: file, Line: n.Line, Msg: "YAML anchor &" + quoteName(n.Anchor) + ": anchors and aliases are not allowed in this file"})
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	return errs
}

// quoteName spells an anchor's name as written when it is short and plain.
func quoteName(s string) string {
	if len(s) <= maxQuoted && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	return quote(s)
}

var (
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlTypeName = regexp.MustCompile(`in type \w+\.`)
)

// yamlErrors turns yaml.v3's "line N: msg" texts into Errors.
func yamlErrors(file string, err error) Errors {
	var texts []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		texts = te.Errors
	} else {
		texts = []string{err.Error()}
	}
	var errs Errors
	for _, t := range texts {
		e := &Error{File: file, Msg: strings.TrimPrefix(t, "yaml: ")}
		if m := yamlLine.FindStringSubmatch(t); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
		}
		// "field x not found in type rules.cardFile": the Go package is
		// not the user's business.
		e.Msg = yamlTypeName.ReplaceAllString(e.Msg, "in ")
		errs = append(errs, e)
	}
	return errs
}

// checkText finds the first byte YAML refuses, a control character or
// invalid UTF-8, and names its line: yaml.v3 says no more than "control
// characters are not allowed". It refuses UTF-16, which yaml.v3 would read:
// fixlint's files are UTF-8.
func checkText(file string, data []byte) *Error {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{File: file, Line: line, Msg: fmt.Sprintf("invalid UTF-8 (byte %#02x)", data[i])}
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85:
			return &Error{File: file, Line: line, Msg: fmt.Sprintf("control character %U: YAML allows none", r)}
		}
		i += size
	}
	return nil
}
