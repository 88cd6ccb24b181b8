package rules

import (
	"testing"

	"github.com/fixlint/fixlint/internal/versions"
)

// TestPlanUpgrade: the recommended version skips a fix that another card
// affects, and a card no release fixes gets no upgrade at all, even when
// the module's other cards have one (that version is still affected).
func TestPlanUpgrade(t *testing.T) {
	a := &Card{ID: "A", Affected: []versions.Range{{Introduced: "v1.0.0", Fixed: "v1.2.0"}}}
	b := &Card{ID: "B", Affected: []versions.Range{{Introduced: "v1.2.0", Fixed: "v1.3.0"}}}
	open := &Card{ID: "OPEN", Affected: []versions.Range{{Introduced: "v1.0.0"}},
		FixOptions: []FixOption{{How: "avoid the affected packages and symbols, or replace the module"}}}
	all := []*Card{a, b, open}

	u := PlanUpgrade(a, all, "v1.1.0")
	if u.FirstFixed != "v1.2.0" || u.Recommended != "v1.3.0" || len(u.Blockers) != 1 || u.Blockers[0] != "B" {
		t.Errorf("A at v1.1.0: %+v, want first fixed v1.2.0, recommended v1.3.0, blocked by B", u)
	}
	if u := PlanUpgrade(open, all, "v1.1.0"); u.FirstFixed != "" || u.Recommended != "" || u.Blockers != nil {
		t.Errorf("OPEN at v1.1.0: %+v, want no upgrade (no release fixes it)", u)
	}
	if got, want := NoFix(open), "no release fixes it: avoid the affected packages and symbols, or replace the module"; got != want {
		t.Errorf("NoFix = %q, want %q", got, want)
	}
	open.FixOptions = append(open.FixOptions, FixOption{How: "fork it"})
	if got, want := NoFix(open), "no release fixes it; fixlint explain OPEN says what to do instead"; got != want {
		t.Errorf("NoFix with two options = %q, want %q", got, want)
	}
}

// TestBlockersText: three blockers are named; more are counted.
func TestBlockersText(t *testing.T) {
	if got := (Upgrade{Blockers: []string{"A", "B", "C"}}).BlockersText(); got != "A, B, C" {
		t.Errorf("three: %q", got)
	}
	if got := (Upgrade{Blockers: []string{"A", "B", "C", "D", "E"}}).BlockersText(); got != "A, B and 3 more" {
		t.Errorf("five: %q", got)
	}
}
