package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/module"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/versions"
)

// cardFile is the YAML form of a card. Field names are snake_case; every
// field of the file is listed here, and any other is an error.
type cardFile struct {
	ID            string          `yaml:"id"`
	Title         string          `yaml:"title"`
	Module        string          `yaml:"module"`
	Kind          string          `yaml:"kind"`
	Severity      string          `yaml:"severity"`
	Affected      []rangeFile     `yaml:"affected"`
	Aliases       []string        `yaml:"aliases"`
	Links         linksFile       `yaml:"links"`
	WhatBroke     string          `yaml:"what_broke"`
	Why           string          `yaml:"why"`
	FixOptions    []fixOptionFile `yaml:"fix_options"`
	NotApplicable string          `yaml:"fix_does_not_apply_when"`
	Confidence    string          `yaml:"confidence"`
	Verified      verifiedFile    `yaml:"verified"`
	Triggers      []triggerFile   `yaml:"triggers"`
}

type rangeFile struct {
	Introduced string `yaml:"introduced"`
	Fixed      string `yaml:"fixed"`
}

type linksFile struct {
	Issue      string   `yaml:"issue"`
	Fix        string   `yaml:"fix"`
	Advisory   string   `yaml:"advisory"`
	References []string `yaml:"references"`
}

type fixOptionFile struct {
	Title        string `yaml:"title"`
	How          string `yaml:"how"`
	WhenNotToUse string `yaml:"when_not_to_use"`
}

type verifiedFile struct {
	On  string `yaml:"on"`
	How string `yaml:"how"`
}

type triggerFile struct {
	Call     string         `yaml:"call"`
	Arg      *int           `yaml:"arg"`
	Param    string         `yaml:"param"`
	Field    string         `yaml:"field"`
	Uses     string         `yaml:"uses"`
	Value    string         `yaml:"value"`
	Equals   string         `yaml:"equals"`
	With     *conditionFile `yaml:"with"`
	Unless   *conditionFile `yaml:"unless"`
	RenameTo string         `yaml:"rename_to"`
	GOOS     []string       `yaml:"goos"`
	GOARCH   []string       `yaml:"goarch"`
	Message  string         `yaml:"message"`
	Fix      string         `yaml:"fix"`
}

type conditionFile struct {
	ArgFieldSet     string          `yaml:"arg_field_set"`
	Calls           string          `yaml:"calls"`
	InsideFuncArgOf string          `yaml:"inside_func_arg_of"`
	ReceiverFrom    string          `yaml:"receiver_from"`
	SameLiteral     []fieldFactFile `yaml:"same_literal"`
	CallsPassing    *callArgFile    `yaml:"calls_passing"`
}

type callArgFile struct {
	Call string `yaml:"call"`
	Arg  int    `yaml:"arg"`
	Type string `yaml:"type"`
}

type fieldFactFile struct {
	Field  string `yaml:"field"`
	MinLen int    `yaml:"min_len"`
	Value  string `yaml:"value"`
}

func (cf *conditionFile) condition() *Condition {
	if cf == nil {
		return nil
	}
	c := &Condition{ArgFieldSet: cf.ArgFieldSet, Calls: cf.Calls, InsideFuncArgOf: cf.InsideFuncArgOf, ReceiverFrom: cf.ReceiverFrom}
	if cf.SameLiteral != nil {
		c.SameLiteral = []FieldFact{}
		for _, f := range cf.SameLiteral {
			c.SameLiteral = append(c.SameLiteral, FieldFact{Field: f.Field, MinLen: f.MinLen, Value: Value(f.Value)})
		}
	}
	if cf.CallsPassing != nil {
		c.CallsPassing = &CallArg{Call: cf.CallsPassing.Call, Arg: cf.CallsPassing.Arg, Type: cf.CallsPassing.Type}
	}
	return c
}

// Error is a problem in a card file, with the line it is on.
type Error struct {
	File string // "" when Msg names it (an error from an OSV source)
	Line int    // 0 when the problem is the file as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.File == "" {
		return e.Msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found in one or more card files.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// DecodeCard decodes one card file strictly. file names it in errors.
// Every problem found is returned (as Errors), not just the first, up to
// MaxErrorsPerFile of them.
func DecodeCard(file string, data []byte) (*Card, error) {
	if len(data) > MaxCardSize {
		return nil, Errors{{File: file, Msg: fmt.Sprintf("larger than %s, the limit for a card file", fileio.Size(MaxCardSize))}}
	}
	var cf cardFile
	root, errs := DecodeYAML(file, data, &cf)
	if len(errs) > 0 {
		return nil, errs
	}
	if root == nil {
		return nil, Errors{{File: file, Msg: "empty card file"}}
	}
	v := validator{file: file, root: root}
	card := v.card(&cf)
	if len(v.errs) > 0 {
		return nil, capErrors(file, v.errs)
	}
	return card, nil
}

type validator struct {
	file string
	root *yaml.Node
	errs Errors
}

// errorf records a problem at the node found by path (keys and indexes).
func (v *validator) errorf(path []any, format string, args ...any) {
	v.errs = append(v.errs, &Error{File: v.file, Line: v.line(path...), Msg: fmt.Sprintf(format, args...)})
}

// line finds the line of the node at path, or of its nearest existing parent.
func (v *validator) line(path ...any) int {
	n := v.root
	line := n.Line
walk:
	for _, p := range path {
		var next *yaml.Node
		switch p := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						next = n.Content[i+1]
						line = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
				line = next.Line
			}
		}
		if next == nil {
			break walk
		}
		n = next
	}
	return line
}

var (
	idPattern    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)
	aliasPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$`) // GHSA IDs are lower-case
)

func (v *validator) card(cf *cardFile) *Card {
	c := &Card{
		ID:            cf.ID,
		Title:         oneLine(cf.Title),
		Module:        cf.Module,
		Kind:          Kind(cf.Kind),
		Severity:      Severity(cf.Severity),
		Aliases:       cf.Aliases,
		Links:         Links(cf.Links),
		WhatBroke:     strings.TrimSpace(cf.WhatBroke),
		Why:           strings.TrimSpace(cf.Why),
		NotApplicable: strings.TrimSpace(cf.NotApplicable),
		Confidence:    Confidence(cf.Confidence),
		Verified:      Verification{On: cf.Verified.On, How: strings.TrimSpace(cf.Verified.How)},
		Source:        v.file,
	}
	required := func(key, val string) {
		if strings.TrimSpace(val) == "" {
			v.errorf([]any{key}, "missing required field %s", key)
		}
	}
	required("id", c.ID)
	required("title", c.Title)
	required("module", c.Module)
	required("what_broke", c.WhatBroke)
	required("why", c.Why)
	if c.ID != "" && !idPattern.MatchString(c.ID) {
		v.errorf([]any{"id"}, "id %s: want upper-case words joined by '-', e.g. FIX-0001", quote(c.ID))
	}
	if c.Module != "" {
		if err := module.CheckPath(c.Module); err != nil {
			v.errorf([]any{"module"}, "module: %v", err)
		}
	}
	if !contains(kinds, c.Kind) {
		v.errorf([]any{"kind"}, "kind %s: want one of %s", quote(cf.Kind), joinStrings(kinds))
	}
	if c.Severity == "" && c.Kind.Documented() {
		c.Severity = Low
	}
	if c.Kind.Documented() && c.Severity != Low && c.Severity != "" {
		// Documented behaviour is reported below bugs and security fixes,
		// so that -severity=medium keeps only problems that releases fixed.
		v.errorf([]any{"severity"}, "a pitfall's severity is low (it is documented behaviour); got %s", c.Severity)
	}
	if c.Severity.Rank() == 0 {
		v.errorf([]any{"severity"}, "severity %s: want one of %s", quote(cf.Severity), joinStrings(severities))
	}
	if c.Confidence == "" {
		v.errorf([]any{"confidence"}, "missing required field confidence (one of %s)", joinStrings(confidences))
	} else if !contains(confidences, c.Confidence) {
		v.errorf([]any{"confidence"}, "confidence %s: want one of %s", quote(cf.Confidence), joinStrings(confidences))
	}
	if c.Verified.How == "" {
		v.errorf([]any{"verified"}, "verified.how: say how the facts were checked")
	}
	if _, err := time.Parse("2006-01-02", c.Verified.On); err != nil {
		v.errorf([]any{"verified", "on"}, "verified.on %s: want a date YYYY-MM-DD", quote(c.Verified.On))
	}
	for i, a := range c.Aliases {
		if !aliasPattern.MatchString(a) {
			v.errorf([]any{"aliases", i}, "alias %s: want an ID such as GO-2024-1234, GHSA-xxxx-xxxx-xxxx or CVE-2024-1234", quote(a))
		}
	}
	for _, l := range []struct{ key, url string }{{"issue", c.Links.Issue}, {"fix", c.Links.Fix}, {"advisory", c.Links.Advisory}} {
		if l.url != "" && !strings.HasPrefix(l.url, "https://") {
			v.errorf([]any{"links", l.key}, "links.%s: want an https:// URL, got %s", l.key, quote(l.url))
		}
	}
	if c.Links.Primary() == "" {
		v.errorf([]any{"links"}, "links: a card needs at least one of issue, fix, advisory")
	}
	for _, o := range cf.FixOptions {
		c.FixOptions = append(c.FixOptions, FixOption{Title: strings.TrimSpace(o.Title), How: strings.TrimSpace(o.How), WhenNotToUse: strings.TrimSpace(o.WhenNotToUse)})
	}
	if len(c.FixOptions) == 0 {
		v.errorf([]any{"fix_options"}, "fix_options: a card needs at least one way out")
	}
	for i, r := range cf.Affected {
		c.Affected = append(c.Affected, versions.Range{Introduced: r.Introduced, Fixed: r.Fixed})
		if r.Introduced == "0" {
			v.errorf([]any{"affected", i, "introduced"}, `introduced: "0" is OSV's spelling; leave introduced out to mean "since the first version"`)
		}
	}
	if err := versions.Validate(c.Affected); err != nil {
		v.errorf([]any{"affected"}, "affected: %v", err)
	}
	switch {
	case c.Kind.Documented() && c.HasFix():
		v.errorf([]any{"affected"}, "a pitfall is documented behaviour and has no fixed version; use kind bug")
	case !c.Kind.Documented() && len(c.Affected) == 0:
		v.errorf([]any{"affected"}, "affected: a %s card needs at least one range", c.Kind)
	}
	if c.Kind.NeedsTrigger() && len(cf.Triggers) == 0 {
		v.errorf([]any{"triggers"}, "a %s card is reported only where a trigger fires: it needs one", c.Kind)
	}
	for i, tf := range cf.Triggers {
		t := Trigger{
			Call: tf.Call, Param: tf.Param, Field: tf.Field, Uses: tf.Uses,
			Value: Value(tf.Value), Equals: tf.Equals, RenameTo: tf.RenameTo,
			Platform: Platform{GOOS: tf.GOOS, GOARCH: tf.GOARCH},
			Message:  oneLine(tf.Message), Fix: oneLine(tf.Fix),
			Line: v.line("triggers", i),
		}
		if tf.Arg != nil {
			t.Arg = *tf.Arg
		} else if tf.Call != "" {
			v.errorf([]any{"triggers", i}, "call trigger: arg (the 0-based argument index) is required")
		}
		if tf.Arg != nil && tf.Call == "" {
			v.errorf([]any{"triggers", i, "arg"}, "arg applies to call triggers only")
		}
		t.With = tf.With.condition()
		t.Unless = tf.Unless.condition()
		if t.Message == "" {
			v.errorf([]any{"triggers", i}, "trigger: message is required (what this code does wrong)")
		}
		if err := t.validate(c.Module); err != nil {
			v.errorf([]any{"triggers", i}, "trigger: %v", err)
		}
		c.Triggers = append(c.Triggers, t)
	}
	return c
}

// oneLine folds a YAML block into one line: diagnostics are one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
