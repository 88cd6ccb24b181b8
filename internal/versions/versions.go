// Package versions holds all of fixlint's version arithmetic: whether a
// module version lies in a card's affected ranges, and which fixed version to
// recommend. Nothing else in fixlint compares versions.
//
// Versions are Go module versions as golang.org/x/mod/semver understands them:
// a leading "v", optional pre-release (pseudo-versions are pre-releases of
// the next patch), and build metadata such as "+incompatible", which is
// ignored when comparing.
//
// An invalid version is unknown, never "older than the fix":
// semver.Compare sorts every invalid string below every valid one, so each
// function here checks validity before comparing.
package versions

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Range is the half-open interval [Introduced, Fixed) of affected versions.
// An empty Introduced means "since the first version"; an empty Fixed means
// "not fixed in any release".
type Range struct {
	Introduced string
	Fixed      string
}

// Status says whether a version is affected.
type Status int

const (
	// Unknown: the version is empty, invalid, a placeholder, or otherwise not
	// comparable. Callers must not report it as affected.
	Unknown Status = iota
	NotAffected
	Affected
)

func (s Status) String() string {
	switch s {
	case NotAffected:
		return "not affected"
	case Affected:
		return "affected"
	}
	return "unknown"
}

// Known reports whether v is a version that can be compared with a card's
// ranges. The all-zero pseudo-version v0.0.0-00010101000000-000000000000 is
// what people write in go.mod next to a replace directive; it says nothing
// about the code in use, so it is unknown.
func Known(v string) bool {
	if !semver.IsValid(v) {
		return false
	}
	if module.IsPseudoVersion(v) && semver.Prerelease(v) == "-00010101000000-000000000000" {
		return false
	}
	return true
}

// Check reports whether version v is inside any of ranges.
func Check(ranges []Range, v string) Status {
	if !Known(v) {
		return Unknown
	}
	for _, r := range ranges {
		if contains(r, v) {
			return Affected
		}
	}
	return NotAffected
}

func contains(r Range, v string) bool {
	if r.Introduced != "" && semver.Compare(v, r.Introduced) < 0 {
		return false
	}
	if r.Fixed != "" && semver.Compare(v, r.Fixed) >= 0 {
		return false
	}
	return true
}

// EarliestFix returns the smallest fixed version above v that is not itself
// affected by any range, or "" if there is none (v unknown, or no fix).
// The ranges may overlap: PlanUpgrade passes every card of a module at once.
//
// Examples, with v = v1.2.0:
//   - ranges [v1.0.0, v1.2.4) and [v1.3.0, v1.3.2): v1.2.4 (not in the second range).
//   - ranges [v1.0.0, v1.2.4) and [v1.2.3, v1.5.0): v1.5.0, because v1.2.4
//     falls inside the second range and would not fix the second problem.
//
// Such a version is the upper end of one of the intervals of the ranges'
// union: a fixed bound inside another range is not an end of the union, and
// an end of the union is in no range.
func EarliestFix(ranges []Range, v string) string {
	if !Known(v) {
		return ""
	}
	if len(ranges) == 1 {
		// The common case, without Union's copy.
		if f := ranges[0].Fixed; f != "" && semver.Compare(f, v) > 0 {
			return f
		}
		return ""
	}
	for _, r := range Union(ranges) {
		if r.Fixed != "" && semver.Compare(r.Fixed, v) > 0 {
			return r.Fixed // Union's intervals are sorted and disjoint
		}
	}
	return ""
}

// Union returns the union of ranges as sorted, disjoint, non-adjacent
// ranges: Check(Union(rs), v) == Check(rs, v) for every v. Empty ranges
// (Introduced not below Fixed) are dropped. ranges is not modified.
func Union(ranges []Range) []Range {
	out := make([]Range, 0, len(ranges))
	for _, r := range ranges {
		if r.Introduced == "" || r.Fixed == "" || semver.Compare(r.Introduced, r.Fixed) < 0 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return lower(out[i].Introduced, out[j].Introduced) })
	merged := out[:0]
	for _, r := range out {
		n := len(merged)
		if n == 0 {
			merged = append(merged, r)
			continue
		}
		last := &merged[n-1]
		switch {
		case last.Fixed == "":
			// Open above: it holds every later range.
		case r.Introduced == "" || semver.Compare(r.Introduced, last.Fixed) <= 0:
			// Overlapping or adjacent: [a, b) and [b, c) make [a, c).
			if r.Fixed == "" || semver.Compare(r.Fixed, last.Fixed) > 0 {
				last.Fixed = r.Fixed
			}
		default:
			merged = append(merged, r)
		}
	}
	return merged
}

// LatestFix returns the greatest fixed version of ranges, or "".
func LatestFix(ranges []Range) string {
	best := ""
	for _, r := range ranges {
		if r.Fixed != "" && (best == "" || semver.Compare(r.Fixed, best) > 0) {
			best = r.Fixed
		}
	}
	return best
}

// Validate checks that ranges are well formed: every bound is a canonical
// semantic version, Introduced < Fixed, and ranges do not overlap. It sorts
// ranges in place by their lower bound, so that later reads (shared across
// goroutines) never need to mutate them.
func Validate(ranges []Range) error {
	for i, r := range ranges {
		for _, b := range []struct{ name, v string }{{"introduced", r.Introduced}, {"fixed", r.Fixed}} {
			if b.v == "" {
				continue
			}
			if err := checkBound(b.v); err != nil {
				return fmt.Errorf("range %d: %s: %v", i+1, b.name, err)
			}
		}
		if r.Introduced == "" && r.Fixed == "" && len(ranges) > 1 {
			return fmt.Errorf("range %d: a range that affects every version must be the only one", i+1)
		}
		if r.Introduced != "" && r.Fixed != "" && semver.Compare(r.Introduced, r.Fixed) >= 0 {
			return fmt.Errorf("range %d: introduced %s is not below fixed %s", i+1, r.Introduced, r.Fixed)
		}
	}
	sort.SliceStable(ranges, func(i, j int) bool {
		return lower(ranges[i].Introduced, ranges[j].Introduced)
	})
	for i := 1; i < len(ranges); i++ {
		prev, cur := ranges[i-1], ranges[i]
		if prev.Fixed == "" || semver.Compare(cur.Introduced, prev.Fixed) < 0 {
			return fmt.Errorf("ranges overlap: [%s, %s) and [%s, %s)",
				bound(prev.Introduced), bound(prev.Fixed), bound(cur.Introduced), bound(cur.Fixed))
		}
	}
	return nil
}

// lower orders lower bounds, "" (minus infinity) first.
func lower(a, b string) bool {
	if a == "" || b == "" {
		return a == "" && b != ""
	}
	return semver.Compare(a, b) < 0
}

func bound(v string) string {
	if v == "" {
		return "∞"
	}
	return v
}

func checkBound(v string) error {
	if !semver.IsValid(v) {
		if semver.IsValid("v" + v) {
			return fmt.Errorf("%q is not a Go module version (did you mean %q?)", v, "v"+v)
		}
		return fmt.Errorf("%q is not a valid semantic version", v)
	}
	if c := semver.Canonical(v); c != v && c+"+incompatible" != v {
		return fmt.Errorf("%q is not canonical (write %q)", v, c)
	}
	return nil
}

// FromOSV converts an OSV SEMVER version ("1.2.3", or "0" for the beginning)
// to a Go module version ("v1.2.3", or "" for the beginning).
func FromOSV(v string) string {
	if v == "0" || v == "" {
		return ""
	}
	if !strings.HasPrefix(v, "v") {
		return "v" + v
	}
	return v
}

// FromGoVersion converts a Go release name ("go1.22.3", "go1.22",
// "go1.23rc1") to a semantic version ("v1.22.3", "v1.22.0", "v1.23.0-rc.1"),
// the form OSV uses for the standard library. It returns "" for anything
// else, such as a development toolchain ("devel go1.27-abcdef").
func FromGoVersion(v string) string {
	v, ok := strings.CutPrefix(v, "go")
	if !ok {
		return ""
	}
	pre := ""
	for _, tag := range []string{"rc", "beta"} {
		if i := strings.Index(v, tag); i > 0 {
			pre = "-" + tag + "." + v[i+len(tag):]
			v = v[:i]
		}
	}
	parts := strings.Split(v, ".")
	for len(parts) < 3 {
		parts = append(parts, "0")
	}
	if len(parts) != 3 {
		return ""
	}
	sv := "v" + strings.Join(parts, ".") + pre
	if !semver.IsValid(sv) || semver.Canonical(sv) != sv {
		return ""
	}
	return sv
}

// ToGoVersion converts a semantic version of the standard library
// ("v1.22.3", "v1.23.0-rc.1") to the Go release name the go command takes
// ("go1.22.3", "go1.23rc1"): the inverse of FromGoVersion.
func ToGoVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	for _, tag := range []string{"rc", "beta"} {
		if base, n, ok := strings.Cut(v, "-"+tag+"."); ok {
			return "go" + strings.TrimSuffix(base, ".0") + tag + n
		}
	}
	return "go" + v
}

// InClosed reports whether v lies in the closed interval [low, high], as a
// retract directive gives it (low == high for one version). Unknown
// versions are never inside.
func InClosed(low, high, v string) bool {
	if !Known(v) || !semver.IsValid(low) || !semver.IsValid(high) {
		return false
	}
	return semver.Compare(low, v) <= 0 && semver.Compare(v, high) <= 0
}

// Latest is the version the go command's "latest" query picks from list
// (a module's known versions): the highest release, or with none, the
// highest pre-release. Pseudo-versions are left out (they are commits, not
// releases the module's author published) and so are invalid entries; ""
// when nothing is left.
func Latest(list []string) string {
	release, pre := "", ""
	for _, v := range list {
		if !semver.IsValid(v) || module.IsPseudoVersion(v) {
			continue
		}
		if semver.Prerelease(v) == "" {
			if release == "" || semver.Compare(v, release) > 0 {
				release = v
			}
		} else if pre == "" || semver.Compare(v, pre) > 0 {
			pre = v
		}
	}
	if release != "" {
		return release
	}
	return pre
}

// Newer reports whether version a is higher than b; both must be Known.
func Newer(a, b string) bool {
	return Known(a) && Known(b) && semver.Compare(a, b) > 0
}
