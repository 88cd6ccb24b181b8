package rules

import (
	"fmt"
	"io"
	"strings"
)

// RangeString spells ranges as people read them: ">= v2.3.0, < v2.16.4".
func RangeString(c *Card) string {
	if len(c.Affected) == 0 {
		return "every version (documented behaviour)"
	}
	var parts []string
	for _, r := range c.Affected {
		var p []string
		if r.Introduced != "" {
			p = append(p, ">= "+r.Introduced)
		}
		if r.Fixed != "" {
			p = append(p, "< "+r.Fixed)
		}
		if len(p) == 0 {
			p = append(p, "every version")
		}
		parts = append(parts, strings.Join(p, ", "))
	}
	return strings.Join(parts, "; ")
}

// TriggerString describes a trigger in words.
func TriggerString(t *Trigger) string {
	var what string
	switch t.Kind() {
	case CallTrigger:
		what = fmt.Sprintf("a call of `%s` whose argument %d is %s", t.Call, t.Arg, valueString(t))
	case ParamTrigger:
		what = fmt.Sprintf("a call that passes %s for a parameter of type `%s`", valueString(t), t.Param)
	case FieldTrigger:
		if t.Value == Unset {
			what = fmt.Sprintf("a `%s` literal that leaves the field out", strings.TrimSuffix(t.Field[:strings.LastIndex(t.Field, ".")], ")")[1:])
		} else {
			what = fmt.Sprintf("the field `%s` set to %s", t.Field, valueString(t))
		}
	case UsesTrigger:
		what = fmt.Sprintf("any use of `%s`", t.Uses)
		if t.RenameTo != "" {
			what += fmt.Sprintf(" (fix: rename to `%s`)", t.RenameTo)
		}
	}
	if w := t.With; w != nil {
		switch {
		case w.ArgFieldSet != "":
			what += fmt.Sprintf(", when another argument has its `%s` field set in the same function", w.ArgFieldSet)
		case w.Calls != "":
			what += fmt.Sprintf(", in a function that also calls `%s`", w.Calls)
		case w.InsideFuncArgOf != "":
			what += fmt.Sprintf(", inside a function literal passed to `%s`", w.InsideFuncArgOf)
		case w.ReceiverFrom != "":
			what += fmt.Sprintf(", on a receiver made by `%s` and not used otherwise", w.ReceiverFrom)
		case w.SameLiteral != nil:
			var facts []string
			for _, f := range w.SameLiteral {
				if f.MinLen > 0 {
					facts = append(facts, fmt.Sprintf("`%s` with at least %d elements", f.Field, f.MinLen))
				} else {
					facts = append(facts, fmt.Sprintf("`%s` left out or zero", f.Field))
				}
			}
			what += ", in a literal with " + strings.Join(facts, " and ")
		case w.CallsPassing != nil:
			what += fmt.Sprintf(", in a function that also calls `%s` with argument %d of type `%s`", w.CallsPassing.Call, w.CallsPassing.Arg, w.CallsPassing.Type)
		}
	}
	if u := t.Unless; u != nil {
		what += fmt.Sprintf(", unless the same function calls `%s`", u.Calls)
	}
	if !t.Platform.Any() {
		what += ", in builds for " + t.Platform.String()
	}
	return what
}

func valueString(t *Trigger) string {
	if t.Equals != "" {
		return "`" + t.Equals + "`"
	}
	switch t.Value {
	case Nil:
		return "nil"
	case Empty:
		return `empty ("" or nil)`
	case Zero:
		return "the zero value"
	case Any:
		return "anything"
	}
	return string(t.Value)
}

// WriteMarkdown renders a card the way a fix page reads: the problem, the
// first fixed release, what broke and why, the ways out, when they do not
// apply, what fixlint flags, and the evidence. fixlint explain prints it,
// and docs/cards.md is made of it.
func WriteMarkdown(w io.Writer, c *Card, heading string) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("%s %s: %s\n\n", heading, c.ID, c.Title)
	p("- Module: `%s`\n", c.Module)
	p("- Kind: %s; severity: %s; confidence: %s\n", c.Kind, c.Severity, c.Confidence)
	p("- Affected: %s\n", RangeString(c))
	if f := c.FirstFixed(); f != "" {
		p("- First fixed release: %s\n", f)
	} else {
		p("- First fixed release: none (fixlint reports it only where a trigger fires)\n")
	}
	if len(c.Aliases) > 0 {
		p("- Aliases: %s\n", strings.Join(c.Aliases, ", "))
	}
	p("\n**What broke.** %s\n\n", oneLine(c.WhatBroke))
	if c.Why != "" {
		p("**Why it broke.** %s\n\n", oneLine(c.Why))
	}
	p("**Fix options.**\n\n")
	for i, o := range c.FixOptions {
		p("%d. %s.", i+1, strings.TrimSuffix(o.Title, "."))
		if o.How != "" {
			p(" %s", oneLine(o.How))
		}
		if o.WhenNotToUse != "" {
			p(" *When not to use:* %s", oneLine(o.WhenNotToUse))
		}
		p("\n")
	}
	if c.NotApplicable != "" {
		p("\n**When the fix does not apply.** %s\n", oneLine(c.NotApplicable))
	}
	if len(c.Triggers) > 0 {
		p("\n**What fixlint flags in your code.**\n\n")
		for i := range c.Triggers {
			t := &c.Triggers[i]
			p("- %s: %s\n", TriggerString(t), t.Message)
		}
	}
	p("\n**Evidence.**\n\n")
	for _, l := range []struct{ name, url string }{{"Issue", c.Links.Issue}, {"Fix", c.Links.Fix}, {"Advisory", c.Links.Advisory}} {
		if l.url != "" {
			p("- %s: %s\n", l.name, l.url)
		}
	}
	for _, r := range c.Links.References {
		p("- Reference: %s\n", r)
	}
	p("- Verified %s: %s\n", c.Verified.On, oneLine(c.Verified.How))
}

// GenerateDocs returns docs/cards.md: an index of every card and each card
// in full, from the same data that fixlint explain prints.
func GenerateDocs(cards []*Card) []byte {
	var b strings.Builder
	b.WriteString("<!-- Code generated by \"go generate ./rules\" from rules/cards/*.yaml; DO NOT EDIT. -->\n\n")
	b.WriteString("# fixlint's fix cards\n\n")
	fmt.Fprintf(&b, "%d cards. Each names one known problem in one Go module, the versions it affects, the first release that fixes it, and the code patterns fixlint flags. `fixlint explain ID` prints a card in the terminal.\n\n", len(cards))
	b.WriteString("| ID | Module | Kind | Severity | First fixed | Title |\n|---|---|---|---|---|---|\n")
	for _, c := range cards {
		fixed := c.FirstFixed()
		if fixed == "" {
			fixed = "—"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` | %s | %s | %s | %s |\n", c.ID, strings.ToLower(c.ID), c.Module, c.Kind, c.Severity, fixed, strings.ReplaceAll(c.Title, "|", `\|`))
	}
	for _, c := range cards {
		fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n\n", strings.ToLower(c.ID))
		WriteMarkdown(&b, c, "##")
	}
	return []byte(b.String())
}
