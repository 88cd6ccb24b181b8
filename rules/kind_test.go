package rules

import (
	"testing"

	"github.com/fixlint/fixlint/internal/versions"
)

// TestAffectsVersion: one meaning of "the card applies at this version"
// for every kind: a pitfall without a range at every version, one with a
// range (documented behaviour since a release) inside it only, like a bug.
func TestAffectsVersion(t *testing.T) {
	since := []versions.Range{{Introduced: "v1.2.0"}}
	fixed := []versions.Range{{Introduced: "v1.0.0", Fixed: "v1.3.0"}}
	for _, tc := range []struct {
		card    Card
		version string
		every   bool
		want    bool
	}{
		{Card{Kind: Pitfall}, "v0.1.0", true, true},
		{Card{Kind: Pitfall, Affected: since}, "v1.1.0", false, false},
		{Card{Kind: Pitfall, Affected: since}, "v1.2.0", false, true},
		{Card{Kind: Bug, Affected: fixed}, "v1.2.9", false, true},
		{Card{Kind: Bug, Affected: fixed}, "v1.3.0", false, false},
		{Card{Kind: Deprecation, Affected: since}, "v1.5.0", false, true},
	} {
		if got := tc.card.EveryVersion(); got != tc.every {
			t.Errorf("%s %v: EveryVersion() = %v, want %v", tc.card.Kind, tc.card.Affected, got, tc.every)
		}
		if got := tc.card.AffectsVersion(tc.version); got != tc.want {
			t.Errorf("%s %v: AffectsVersion(%s) = %v, want %v", tc.card.Kind, tc.card.Affected, tc.version, got, tc.want)
		}
	}
	for _, k := range kinds {
		if k.Documented() && k.ByVersion() {
			t.Errorf("%s is both documented behaviour and reported by version", k)
		}
	}
}
