// Package rules holds fixlint's catalog of fix cards: one known problem in one
// Go module each, with the versions it affects, the release that fixes it,
// the evidence, and the code patterns (triggers) that hit it.
//
// Cards are written by people as YAML files (one card per file) and decoded
// strictly: an unknown field, a malformed version or trigger is an error that
// names the file and line. The cards in rules/cards are compiled into Go code
// by "go generate" (catalog_gen.go), so that loading the embedded catalog
// costs a process nothing; user cards are decoded from YAML at run time.
//
// A Catalog is read-only once built and safe for concurrent use.
package rules

import (
	"fmt"
	"strings"

	"github.com/fixlint/fixlint/internal/versions"
)

// Card is one known problem in one Go module.
type Card struct {
	// ID is stable and never reused, e.g. "FIX-0003" or, for cards made from
	// OSV records, the record's ID ("GO-2024-2687").
	ID string
	// Title is one line, a sentence fragment without a final period.
	Title  string
	Module string
	Kind   Kind
	// Severity orders findings; pitfalls default to low.
	Severity Severity
	// Affected lists half-open version ranges; several when a fix was
	// backported or a regression reopened the problem. Sorted at load time.
	Affected []versions.Range
	Aliases  []string
	Links    Links
	// WhatBroke is the user-visible symptom.
	WhatBroke string
	// Why is the mechanism: what the library did and why that hurt.
	Why        string
	FixOptions []FixOption
	// NotApplicable says when the fix is not the right move.
	NotApplicable string
	Confidence    Confidence
	Verified      Verification
	Triggers      []Trigger
	// Packages limits the import-site findings to these packages of the
	// module (OSV records name them); empty means every package.
	Packages []string
	// PackagePlatforms limits some of Packages to builds for some
	// platforms (an OSV record's goos and goarch): a package listed here
	// is affected in a build that one of its entries matches; one not
	// listed, on every platform.
	PackagePlatforms []PackagePlatform
	// Source is where the card was read from ("rules/cards/FIX-0001.yaml").
	Source string
}

// Kind says what sort of problem a card describes.
type Kind string

const (
	Bug         Kind = "bug"
	Security    Kind = "security"
	Pitfall     Kind = "pitfall"
	Deprecation Kind = "deprecation"
)

var kinds = []Kind{Bug, Security, Pitfall, Deprecation}

// Documented reports whether the kind is the library's documented
// behaviour rather than a defect (a pitfall): no release fixes it, it is
// reported at low severity, and only where a trigger fires.
func (k Kind) Documented() bool { return k == Pitfall }

// ByVersion reports whether the kind is reported wherever the module is
// required or imported at an affected version, triggers or not: a bug or
// a security problem, which a release fixes.
func (k Kind) ByVersion() bool { return k == Bug || k == Security }

// NeedsTrigger reports whether a card of the kind says nothing without a
// trigger: it is about how code uses the module, not about a version.
func (k Kind) NeedsTrigger() bool { return k == Pitfall || k == Deprecation }

// Renames reports whether the kind's triggers may move code to a new name
// (rename_to): a deprecation.
func (k Kind) Renames() bool { return k == Deprecation }

// Vulnerability reports whether the kind is a security problem, which
// code scanning files as a vulnerability.
func (k Kind) Vulnerability() bool { return k == Security }

// Severity orders findings. The zero value is invalid.
type Severity string

const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

var severities = []Severity{Low, Medium, High, Critical}

// Rank returns 1 (low) to 4 (critical), or 0 for an unknown severity.
func (s Severity) Rank() int {
	for i, x := range severities {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// ParseSeverity accepts one of low, medium, high, critical.
func ParseSeverity(s string) (Severity, error) {
	if Severity(s).Rank() == 0 {
		return "", fmt.Errorf("unknown severity %s (want one of %s)", quote(s), joinStrings(severities))
	}
	return Severity(s), nil
}

// Confidence says how sure the card's author is of its facts.
type Confidence string

var confidences = []Confidence{"high", "medium", "low"}

// Links point at the evidence.
type Links struct {
	Issue      string
	Fix        string
	Advisory   string
	References []string
}

// Primary returns the most useful single link: the advisory, the fix, or
// the issue, in that order.
func (l Links) Primary() string {
	for _, s := range []string{l.Advisory, l.Fix, l.Issue} {
		if s != "" {
			return s
		}
	}
	if len(l.References) > 0 {
		return l.References[0]
	}
	return ""
}

// FixOption is one way out.
type FixOption struct {
	Title        string
	How          string
	WhenNotToUse string
}

// Verification records how the card's facts were checked.
type Verification struct {
	On  string // YYYY-MM-DD
	How string
}

// FirstFixed returns the lowest fixed version of any range, or "".
func (c *Card) FirstFixed() string {
	first := ""
	for _, r := range c.Affected {
		if r.Fixed != "" && (first == "" || versionsLess(r.Fixed, first)) {
			first = r.Fixed
		}
	}
	return first
}

// HasFix reports whether some release fixes the problem.
func (c *Card) HasFix() bool { return c.FirstFixed() != "" }

// ModuleLevel reports whether the card is reported wherever the module is
// required or imported at an affected version: bugs and security problems
// are, fixed or not; pitfalls and deprecations only where a trigger fires.
func (c *Card) ModuleLevel() bool {
	return c.Kind.ByVersion() && len(c.Affected) > 0
}

// EveryVersion reports whether the card applies at every version of its
// module: documented behaviour with no range.
func (c *Card) EveryVersion() bool { return c.Kind.Documented() && len(c.Affected) == 0 }

// AffectsVersion reports whether the card applies at version: at every
// version, or inside one of its ranges.
func (c *Card) AffectsVersion(version string) bool {
	return c.EveryVersion() || versions.Check(c.Affected, version) == versions.Affected
}

// CoversPackageOn reports whether an import of package path pkg of the
// card's module, in a build for goos and goarch, is an import of an
// affected package.
func (c *Card) CoversPackageOn(pkg, goos, goarch string) bool {
	if !c.CoversPackage(pkg) {
		return false
	}
	listed := false
	for _, pp := range c.PackagePlatforms {
		if pp.Package == pkg {
			if pp.Platform.Matches(goos, goarch) {
				return true
			}
			listed = true
		}
	}
	return !listed
}

// AffectsPlatform reports whether the card can apply to a build for goos
// and goarch: some package it is about is affected there. A card about an
// x/sys/windows package only does not apply to a Linux build, so the
// module's require line is not reported there either.
func (c *Card) AffectsPlatform(goos, goarch string) bool {
	if len(c.Packages) == 0 || goos == "" {
		return true // every package, or a platform nobody told us
	}
	for _, p := range c.Packages {
		if c.CoversPackageOn(p, goos, goarch) {
			return true
		}
	}
	return false
}

// CoversPackage reports whether an import of package path pkg of the
// card's module is an import of an affected package, on some platform.
func (c *Card) CoversPackage(pkg string) bool {
	if len(c.Packages) == 0 {
		return true
	}
	for _, p := range c.Packages {
		if p == pkg {
			return true
		}
	}
	return false
}

func joinStrings[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
