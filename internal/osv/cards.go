package osv

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// Cards turns a record into one card per affected module. source names the
// file in errors and in the cards. A withdrawn record gives no cards.
func Cards(e *Entry, source string) ([]*rules.Card, error) {
	if e.ID == "" {
		return nil, fmt.Errorf("%s: record without an id", source)
	}
	if !idPattern.MatchString(e.ID) {
		// The ID becomes a card ID: it is printed, matched by ignore
		// directives, named in SARIF rules.
		return nil, fmt.Errorf("%s: id %q: want letters, digits, '-', '.' and '_' (such as GO-2024-1234), at most 64", source, e.ID)
	}
	if e.Withdrawn != nil {
		return nil, nil
	}
	var cards []*rules.Card
	for i, a := range e.Affected {
		if a.Module.Ecosystem != "" && a.Module.Ecosystem != "Go" {
			continue
		}
		if a.Module.Path == "" {
			return nil, fmt.Errorf("%s: %s: affected[%d] has no package name", source, e.ID, i)
		}
		if n := countEvents(a.Ranges); n > maxRangeEvents {
			return nil, fmt.Errorf("%s: %s: affected[%d] (%s): %d range events, more than the %d fixlint reads", source, e.ID, i, a.Module.Path, n, maxRangeEvents)
		}
		ranges, err := convertRanges(a.Ranges)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: affected[%d] (%s): %v", source, e.ID, i, a.Module.Path, err)
		}
		c := &rules.Card{
			ID:         e.ID,
			Title:      title(e),
			Module:     a.Module.Path,
			Kind:       rules.Security,
			Severity:   rules.High,
			Affected:   ranges,
			Aliases:    e.Aliases,
			Links:      links(e),
			WhatBroke:  strings.TrimSpace(e.Details),
			Confidence: "high",
			Verified: rules.Verification{
				On:  dateOf(e),
				How: "Go vulnerability database record " + e.ID + reviewNote(e),
			},
			Source: source,
		}
		if e.DatabaseSpecific.ReviewStatus == "UNREVIEWED" {
			c.Confidence = "medium"
		}
		if fix := versions.LatestFix(ranges); fix != "" {
			c.FixOptions = []rules.FixOption{{Title: "Upgrade to a fixed version", How: "go get " + a.Module.Path + "@" + fixDisplay(c)}}
		} else {
			c.FixOptions = []rules.FixOption{{Title: "No fixed version", How: "avoid the affected packages and symbols, or replace the module"}}
		}
		restricted := make(map[string]bool) // packages with an entry for some platforms only
		for _, p := range a.EcosystemSpecific.Packages {
			if len(p.GOOS) > 0 || len(p.GOARCH) > 0 {
				restricted[p.Path] = true
			}
		}
		for _, p := range a.EcosystemSpecific.Packages {
			if !contains(c.Packages, p.Path) {
				c.Packages = append(c.Packages, p.Path)
			}
			platform := rules.Platform{GOOS: p.GOOS, GOARCH: p.GOARCH}
			if restricted[p.Path] {
				// Every entry of such a package, an unrestricted one
				// included: a build matching any of them is affected.
				c.PackagePlatforms = append(c.PackagePlatforms, rules.PackagePlatform{Package: p.Path, Platform: platform})
			}
			for _, sym := range p.Symbols {
				t, ok := symbolTrigger(p.Path, sym, e)
				if ok {
					t.Platform = platform
					c.Triggers = append(c.Triggers, t)
				}
			}
		}
		cards = append(cards, c)
	}
	return cards, nil
}

// idPattern is what a record ID may be: OSV IDs are a prefix, a dash and
// an ID in the prefix's database.
var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]{0,63}$`)

// ValidID reports whether id may be a record's ID: a card ID, and a file
// name (ID/<id>.json) that cannot leave its directory.
func ValidID(id string) bool { return idPattern.MatchString(id) }

func countEvents(rs []Range) int {
	n := 0
	for _, r := range rs {
		n += len(r.Events)
	}
	return n
}

func fixDisplay(c *rules.Card) string {
	if f := c.FirstFixed(); f != "" {
		return f
	}
	return "latest"
}

// convertRanges turns OSV SEMVER events into half-open ranges. Events are
// ordered by version first, as the OSV spec evaluates them.
func convertRanges(rs []Range) ([]versions.Range, error) {
	var out []versions.Range
	for _, r := range rs {
		if r.Type != "SEMVER" {
			continue // ECOSYSTEM and GIT ranges are informational in the Go database
		}
		type ev struct {
			v     string // canonical Go version; "" for the beginning
			fixed bool
		}
		var evs []ev
		for _, e := range r.Events {
			switch {
			case e.Introduced != "" && e.Fixed == "":
				evs = append(evs, ev{v: versions.FromOSV(e.Introduced)})
			case e.Fixed != "" && e.Introduced == "":
				evs = append(evs, ev{v: versions.FromOSV(e.Fixed), fixed: true})
			default:
				return nil, fmt.Errorf("an event must have exactly one of introduced and fixed")
			}
		}
		for _, e := range evs {
			if e.v != "" && !semver.IsValid(e.v) {
				return nil, fmt.Errorf("invalid version %q", e.v)
			}
		}
		sort.SliceStable(evs, func(i, j int) bool {
			a, b := evs[i].v, evs[j].v
			if a == "" || b == "" {
				return a == "" && b != ""
			}
			return semver.Compare(a, b) < 0
		})
		open := false
		var cur versions.Range
		for _, e := range evs {
			switch {
			case !e.fixed && !open:
				cur, open = versions.Range{Introduced: e.v}, true
			case e.fixed && open:
				cur.Fixed = e.v
				out = append(out, cur)
				open = false
			}
			// A second introduced while open, or a fixed while closed, adds
			// nothing to the affected set.
		}
		if open {
			out = append(out, cur)
		}
	}
	if err := versions.Validate(out); err != nil {
		return nil, err
	}
	return out, nil
}

// symbolTrigger makes a "uses" trigger from an OSV symbol: "Func" or
// "Type.Method". Methods are matched whatever their receiver's pointerness
// (see rules.NormalizeSymbol), which OSV does not record.
func symbolTrigger(pkg, sym string, e *Entry) (rules.Trigger, bool) {
	var name string
	if typ, method, ok := strings.Cut(sym, "."); ok {
		name = "(" + pkg + "." + typ + ")." + method
	} else {
		name = pkg + "." + sym
	}
	if _, err := rules.ParseSymbol(name); err != nil {
		return rules.Trigger{}, false
	}
	return rules.Trigger{
		Uses:    name,
		Message: fmt.Sprintf("%s is vulnerable: %s", shortSymbol(pkg, sym), title(e)),
	}, true
}

func shortSymbol(pkg, sym string) string {
	base := pkg[strings.LastIndex(pkg, "/")+1:]
	return base + "." + sym
}

func title(e *Entry) string {
	if e.Summary != "" {
		return e.Summary
	}
	return "vulnerability " + e.ID
}

func links(e *Entry) rules.Links {
	l := rules.Links{Advisory: e.DatabaseSpecific.URL}
	for _, r := range e.References {
		switch {
		case r.Type == "FIX" && l.Fix == "":
			l.Fix = r.URL
		case r.Type == "REPORT" && l.Issue == "":
			l.Issue = r.URL
		case r.Type == "ADVISORY" && l.Advisory == "":
			l.Advisory = r.URL
		default:
			l.References = append(l.References, r.URL)
		}
	}
	if l.Advisory == "" {
		l.Advisory = "https://pkg.go.dev/vuln/" + e.ID
	}
	return l
}

func dateOf(e *Entry) string {
	t := e.Modified
	if t.Year() <= 1 {
		t = e.Published
	}
	if t.Year() <= 1 {
		return ""
	}
	return t.Format("2006-01-02")
}

func reviewNote(e *Entry) string {
	if s := e.DatabaseSpecific.ReviewStatus; s != "" {
		return " (" + strings.ToLower(s) + ")"
	}
	return ""
}

func contains(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}
