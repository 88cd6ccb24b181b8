package osv

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/rules"
)

// TestExportRoundTrip exports the embedded catalog and reads it back as a
// database: every card comes back as a record with its ID, module,
// aliases, ranges and the packages its triggers name.
func TestExportRoundTrip(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the compiled index of the export
	dir := filepath.Join(t.TempDir(), "db")
	cards := rules.Embedded()
	n, err := Export(cards, dir, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC))
	if err != nil || n != len(cards) {
		t.Fatalf("Export = %d, %v; want %d records", n, err, len(cards))
	}
	ix, recErrs, err := Open(dir)
	if err != nil || len(recErrs) > 0 {
		t.Fatalf("Open(export) = %v, %v", err, recErrs)
	}
	for _, c := range cards {
		got, err := ix.Cards(c.Module)
		if err != nil {
			t.Fatalf("%s: %v", c.Module, err)
		}
		var back *rules.Card
		for _, g := range got {
			if g.ID == c.ID {
				back = g
			}
		}
		if back == nil {
			t.Errorf("%s: not in the exported database for %s", c.ID, c.Module)
			continue
		}
		want := c.Affected
		if len(want) == 0 {
			want = back.Affected // "every version": one open range, checked below
			if len(want) != 1 || want[0].Fixed != "" {
				t.Errorf("%s (every version): read back as %v", c.ID, back.Affected)
			}
		}
		if !reflect.DeepEqual(back.Affected, want) {
			t.Errorf("%s: ranges %v, exported from %v", c.ID, back.Affected, c.Affected)
		}
		for _, a := range c.Aliases {
			if !strings.Contains(strings.Join(back.Aliases, " "), a) {
				t.Errorf("%s: alias %s lost (read back %v)", c.ID, a, back.Aliases)
			}
		}
		for i := range c.Triggers {
			sym, err := rules.ParseSymbol(c.Triggers[i].Symbol())
			if err == nil && len(back.Packages) > 0 && !contains(back.Packages, sym.PkgPath) {
				t.Errorf("%s: trigger package %s not among the record's packages %v", c.ID, sym.PkgPath, back.Packages)
			}
		}
	}

	// A second export into the same directory is refused: records are
	// never mixed with others.
	if _, err := Export(cards, dir, time.Now()); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("export into a non-empty directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index", "vulns.json")); err != nil {
		t.Error(err)
	}
}
