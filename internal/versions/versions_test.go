package versions

import (
	"testing"

	"golang.org/x/mod/semver"
)

func TestCheck(t *testing.T) {
	oneRange := []Range{{Introduced: "v1.0.0", Fixed: "v1.2.4"}}
	fromStart := []Range{{Fixed: "v1.2.4"}}
	backported := []Range{{Fixed: "v1.1.5"}, {Introduced: "v1.2.0", Fixed: "v1.2.4"}}
	unfixed := []Range{{Introduced: "v2.0.0"}}
	tests := []struct {
		name   string
		ranges []Range
		v      string
		want   Status
	}{
		{"below introduced", oneRange, "v0.9.0", NotAffected},
		{"at introduced", oneRange, "v1.0.0", Affected},
		{"inside", oneRange, "v1.2.3", Affected},
		{"at fixed (half-open)", oneRange, "v1.2.4", NotAffected},
		{"above fixed", oneRange, "v1.3.0", NotAffected},
		{"pre-release of the fix is below it", oneRange, "v1.2.4-rc.1", Affected},
		{"pseudo-version before the fix tag", oneRange, "v1.2.4-0.20200101000000-abcdefabcdef", Affected},
		{"pseudo-version after the fix tag", oneRange, "v1.2.5-0.20200101000000-abcdefabcdef", NotAffected},
		{"since the start", fromStart, "v0.0.1", Affected},
		{"incompatible is build metadata", []Range{{Fixed: "v2.1.0+incompatible"}}, "v2.0.0+incompatible", Affected},
		{"incompatible at fix", []Range{{Fixed: "v2.1.0+incompatible"}}, "v2.1.0+incompatible", NotAffected},
		{"backport line fixed", backported, "v1.1.5", NotAffected},
		{"gap between ranges", backported, "v1.1.9", NotAffected},
		{"second range", backported, "v1.2.1", Affected},
		{"unfixed", unfixed, "v2.9.9", Affected},
		{"unfixed, older major", unfixed, "v1.9.9", NotAffected},
		{"empty version is unknown", oneRange, "", Unknown},
		{"garbage is unknown", oneRange, "latest", Unknown},
		{"missing v is unknown", oneRange, "1.2.3", Unknown},
		{"replace placeholder is unknown", oneRange, "v0.0.0-00010101000000-000000000000", Unknown},
		{"no ranges", nil, "v1.0.0", NotAffected},
	}
	for _, tt := range tests {
		if got := Check(tt.ranges, tt.v); got != tt.want {
			t.Errorf("%s: Check(%v, %q) = %v, want %v", tt.name, tt.ranges, tt.v, got, tt.want)
		}
	}
}

func TestEarliestFix(t *testing.T) {
	tests := []struct {
		name   string
		ranges []Range
		v      string
		want   string
	}{
		{"single", []Range{{Fixed: "v1.2.4"}}, "v1.2.0", "v1.2.4"},
		{"already fixed", []Range{{Fixed: "v1.2.4"}}, "v1.2.4", ""},
		{"backport: nearest fix on the old line", []Range{{Fixed: "v1.1.5"}, {Introduced: "v1.2.0", Fixed: "v1.2.4"}}, "v1.1.0", "v1.1.5"},
		{"backport: newer line", []Range{{Fixed: "v1.1.5"}, {Introduced: "v1.2.0", Fixed: "v1.2.4"}}, "v1.2.1", "v1.2.4"},
		{"fix that regressed is skipped", []Range{{Fixed: "v1.2.4"}, {Introduced: "v1.2.4", Fixed: "v1.3.0"}}, "v1.2.0", "v1.3.0"},
		{"no fix", []Range{{Introduced: "v1.0.0"}}, "v1.0.0", ""},
		{"unknown version", []Range{{Fixed: "v1.2.4"}}, "bogus", ""},
	}
	for _, tt := range tests {
		if got := EarliestFix(tt.ranges, tt.v); got != tt.want {
			t.Errorf("%s: EarliestFix(%v, %q) = %q, want %q", tt.name, tt.ranges, tt.v, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		ranges  []Range
		wantErr string
	}{
		{"ok", []Range{{Introduced: "v1.2.0", Fixed: "v1.2.4"}, {Fixed: "v1.1.5"}}, ""},
		{"missing v", []Range{{Fixed: "1.2.4"}}, `range 1: fixed: "1.2.4" is not a Go module version (did you mean "v1.2.4"?)`},
		{"not canonical", []Range{{Fixed: "v1.2"}}, `range 1: fixed: "v1.2" is not canonical (write "v1.2.0")`},
		{"inverted", []Range{{Introduced: "v1.3.0", Fixed: "v1.2.0"}}, "range 1: introduced v1.3.0 is not below fixed v1.2.0"},
		{"overlap", []Range{{Fixed: "v1.3.0"}, {Introduced: "v1.2.0", Fixed: "v1.4.0"}}, "ranges overlap: [∞, v1.3.0) and [v1.2.0, v1.4.0)"},
		{"open range then another", []Range{{Introduced: "v1.0.0"}, {Introduced: "v2.0.0", Fixed: "v2.1.0"}}, "ranges overlap: [v1.0.0, ∞) and [v2.0.0, v2.1.0)"},
		{"incompatible ok", []Range{{Fixed: "v2.1.0+incompatible"}}, ""},
	}
	for _, tt := range tests {
		err := Validate(tt.ranges)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.wantErr {
			t.Errorf("%s: Validate = %q, want %q", tt.name, got, tt.wantErr)
		}
	}
}

// FuzzCheck checks invariants that must hold for any input: no panic; an
// unknown version is never affected and never gets a fix; a recommended fix is
// above the version, not itself affected, and one of the ranges' fixed bounds.
func FuzzCheck(f *testing.F) {
	f.Add("v1.0.0", "v1.2.4", "v1.1.0", "v1.3.0", "v1.3.2")
	f.Add("", "v1.2.4", "v1.2.4-0.20200101000000-abcdefabcdef", "", "")
	f.Add("v2.0.0+incompatible", "", "v2.0.1+incompatible", "v0.1.0", "v0.2.0")
	f.Add("v1.0.0", "v1.0.1", "garbage", "x", "y")
	f.Fuzz(func(t *testing.T, in1, fix1, v, in2, fix2 string) {
		ranges := []Range{{in1, fix1}, {in2, fix2}}
		if Validate(ranges) != nil {
			// Catalog loading rejects such ranges; still, nothing may panic.
			_ = Check(ranges, v)
			_ = EarliestFix(ranges, v)
			return
		}
		st := Check(ranges, v)
		fix := EarliestFix(ranges, v)
		if !Known(v) {
			if st != Unknown || fix != "" {
				t.Fatalf("unknown version %q: status %v, fix %q", v, st, fix)
			}
			return
		}
		if fix == "" {
			return
		}
		if Check(ranges, fix) == Affected {
			t.Fatalf("fix %q for %q is itself affected by %v", fix, v, ranges)
		}
		if fix != ranges[0].Fixed && fix != ranges[1].Fixed {
			t.Fatalf("fix %q is not a fixed bound of %v", fix, ranges)
		}
	})
}

// earliestFixByDefinition is EarliestFix as its comment defines it, every
// fixed bound checked against every range: the reference for the union.
func earliestFixByDefinition(ranges []Range, v string) string {
	if !Known(v) {
		return ""
	}
	best := ""
	for _, r := range ranges {
		f := r.Fixed
		if f == "" || semver.Compare(f, v) <= 0 || Check(ranges, f) == Affected {
			continue
		}
		if best == "" || semver.Compare(f, best) < 0 {
			best = f
		}
	}
	return best
}

// FuzzUnion checks Union and EarliestFix against their definitions on
// overlapping ranges, as PlanUpgrade passes them (every card of a module):
// each range on its own is valid, together they may overlap.
func FuzzUnion(f *testing.F) {
	f.Add("v1.0.0", "v1.2.4", "v1.2.3", "v1.5.0", "", "v1.1.0", "v1.2.0")
	f.Add("", "v1.2.4", "v1.2.4", "v1.3.0", "v2.0.0", "", "v1.2.4")
	f.Add("v1.0.0", "", "v0.1.0", "v0.2.0", "v0.2.0", "v0.3.0", "v0.1.5")
	f.Add("v1.0.0", "v1.0.1", "v1.0.0", "v1.0.1", "v1.0.1-rc.1", "v1.0.2", "v1.0.0")
	f.Fuzz(func(t *testing.T, in1, fix1, in2, fix2, in3, fix3, v string) {
		var ranges []Range
		for _, r := range []Range{{in1, fix1}, {in2, fix2}, {in3, fix3}} {
			if Validate([]Range{r}) == nil && !(r.Introduced == "" && r.Fixed == "") {
				ranges = append(ranges, r)
			}
		}
		u := Union(ranges)
		for _, x := range []string{v, in1, fix1, in2, fix2, in3, fix3} {
			if got, want := Check(u, x), Check(ranges, x); got != want {
				t.Fatalf("Check(Union(%v) = %v, %q) = %v, want %v", ranges, u, x, got, want)
			}
			if got, want := EarliestFix(ranges, x), earliestFixByDefinition(ranges, x); got != want {
				t.Fatalf("EarliestFix(%v, %q) = %q, want %q", ranges, x, got, want)
			}
		}
		for i := 1; i < len(u); i++ {
			if u[i-1].Fixed == "" || semver.Compare(u[i-1].Fixed, u[i].Introduced) >= 0 {
				t.Fatalf("Union(%v) = %v: not sorted, disjoint and apart", ranges, u)
			}
		}
	})
}

func TestFromGoVersion(t *testing.T) {
	for in, want := range map[string]string{
		"go1.22.3": "v1.22.3", "go1.22": "v1.22.0", "go1.23rc1": "v1.23.0-rc.1", "go1.21beta2": "v1.21.0-beta.2",
		"go1": "v1.0.0", "devel go1.27-abc": "", "1.22.3": "", "go1.22.x": "",
	} {
		if got := FromGoVersion(in); got != want {
			t.Errorf("FromGoVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToGoVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.22.3": "go1.22.3", "v1.99.0": "go1.99.0", "v1.23.0-rc.1": "go1.23rc1", "v1.21.0-beta.2": "go1.21beta2",
	} {
		if got := ToGoVersion(in); got != want {
			t.Errorf("ToGoVersion(%q) = %q, want %q", in, got, want)
		}
		if back := FromGoVersion(ToGoVersion(in)); back != in {
			t.Errorf("FromGoVersion(ToGoVersion(%q)) = %q", in, back)
		}
	}
}
