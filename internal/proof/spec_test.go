package proof

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// TestSpecCheck: a proof's versions must agree with its card: an affected
// run inside a range, a fixed run at a range's end, an unaffected run
// outside every range, a golden for each, and both sides for a card with
// a fix.
func TestSpecCheck(t *testing.T) {
	card := &rules.Card{ID: "FIX-9999", Affected: []versions.Range{{Introduced: "v1.2.0", Fixed: "v1.3.0"}}}
	dir := t.TempDir()
	for _, f := range []string{"proof.go", "v1.2.5.golden", "v1.3.0.golden", "v1.1.0.golden", "v1.3.1.golden"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		runs []Run
		want []string // substrings of the errors, in order
	}{
		{"good", []Run{{"v1.2.5", Affected}, {"v1.3.0", Fixed}, {"v1.1.0", Unaffected}}, nil},
		{"fixed not a range end", []Run{{"v1.2.5", Affected}, {"v1.3.1", Fixed}}, []string{"not the fixed: version of any range"}},
		{"affected outside", []Run{{"v1.1.0", Affected}, {"v1.3.0", Fixed}}, []string{"expects affected, but FIX-9999 says v1.1.0 is not affected"}},
		{"unaffected inside", []Run{{"v1.2.5", Affected}, {"v1.3.0", Fixed}, {"v1.2.5x", Unaffected}}, []string{"not a canonical semantic version"}},
		{"no fixed run", []Run{{"v1.2.5", Affected}}, []string{"has a fixed version (v1.3.0) but no fixed run"}},
		{"missing golden", []Run{{"v1.2.6", Affected}, {"v1.3.0", Fixed}}, []string{"no golden v1.2.6.golden"}},
		{"bad expect", []Run{{"v1.2.5", "broken"}, {"v1.3.0", Fixed}}, []string{`expect is "broken"`, "no affected run"}},
	} {
		s := &Spec{Shows: "x", Runs: tc.runs, Dir: dir}
		errs := s.Check(card)
		if len(errs) != len(tc.want) {
			t.Errorf("%s: %d errors %v, want %d", tc.name, len(errs), errs, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(errs[i].Error(), w) {
				t.Errorf("%s: error %q, want it to say %q", tc.name, errs[i], w)
			}
		}
	}
}
