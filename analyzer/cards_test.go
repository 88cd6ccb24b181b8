package analyzer_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/rules"
)

const cardFixtures = "../testdata/cards"

// TestEveryCardHasAFixture keeps the catalog honest: a card without a
// fixture that fires at an affected version is a card nobody has seen work.
func TestEveryCardHasAFixture(t *testing.T) {
	for _, c := range rules.Embedded() {
		if _, err := os.Stat(filepath.Join(cardFixtures, c.ID+".txtar")); err != nil {
			t.Errorf("card %s (%s) has no fixture %s/%s.txtar", c.ID, c.Source, cardFixtures, c.ID)
		}
	}
}

// TestCards runs each card's fixture: at the affected version every
// "// want" must be reported and nothing else; at each unaffected version,
// with the want comments removed, nothing may be reported.
func TestCards(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(cardFixtures, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no card fixtures in %s (%v)", cardFixtures, err)
	}
	for _, file := range files {
		id := strings.TrimSuffix(filepath.Base(file), ".txtar")
		if testing.Short() && !shortSet[id] {
			// -short (the race detector run in CI) takes a sample: every
			// fixture type-checks its dependencies from source.
			continue
		}
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			a, err := fixture.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			if a.Affected == "" {
				t.Fatalf("%s: no affected: version", file)
			}
			cfg := analyzer.Config{Rules: a.Rules, Disable: othersThan(t, id, a.Rules)}
			an := analyzer.New(cfg)

			dir := t.TempDir()
			if err := a.Write(dir, a.Affected, false); err != nil {
				t.Fatal(err)
			}
			var results []*analysistest.Result
			if hasGolden(a) {
				results = analysistest.RunWithSuggestedFixes(t, dir, an, "./...")
			} else {
				results = analysistest.Run(t, dir, an, "./...")
			}
			n := 0
			var messages []string
			for _, r := range results {
				for _, d := range r.Diagnostics {
					if d.Category == id {
						n++
					}
					if r.Pass == nil {
						continue
					}
					p := r.Pass.Fset.Position(d.Pos)
					rel, _ := filepath.Rel(dir, p.Filename)
					messages = append(messages, fmt.Sprintf("%s:%d:%d: [%s] %s\n", filepath.ToSlash(rel), p.Line, p.Column, d.Category, d.Message))
				}
			}
			if n == 0 {
				t.Errorf("at %s, card %s reported nothing: the fixture cannot show the card works", a.Affected, id)
			}
			// The // want patterns are short; the exact wording of every
			// message at the affected version is here, once.
			sort.Strings(messages)
			goldenMessages(t, id, strings.Join(messages, ""))

			for _, v := range a.Unaffected {
				dir := t.TempDir()
				if err := a.Write(dir, v, true); err != nil {
					t.Fatal(err)
				}
				t.Logf("at %s: expecting silence", v)
				analysistest.Run(t, dir, an, "./...")
			}
		})
	}
}

// shortSet is the sample of fixtures run in -short mode: one of each
// trigger kind and condition, a golden fix, user cards.
var shortSet = map[string]bool{
	"FIX-0001":  true, // param trigger, with arg_field_set
	"FIX-0002":  true, // call triggers, method expressions, renamed imports
	"FIX-0003":  true, // field triggers: unset, nil, with calls
	"FIX-0004":  true, // inside_func_arg_of
	"SEED-0000": true, // uses trigger with a golden rename
	"SEED-0004": true, // user cards, dot import, method values
}

// othersThan lists every card ID but id, so that a fixture tests one card.
func othersThan(t *testing.T, id string, extra []string) []string {
	cards := rules.Embedded()
	if len(extra) > 0 {
		user, errs := rules.LoadFiles(extra)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		cards = append(append([]*rules.Card(nil), cards...), user...)
	}
	var ids []string
	for _, c := range cards {
		if c.ID != id {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

var update = flag.Bool("update", false, "rewrite the golden files of card messages (testdata/messages)")

// goldenMessages compares a fixture's messages with
// testdata/messages/<id>.golden.
func goldenMessages(t *testing.T, id, got string) {
	t.Helper()
	file := filepath.Join("testdata", "messages", id+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -run TestCards -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("messages differ from %s (go test -run TestCards -update rewrites it):\n--- got\n%s--- want\n%s", file, got, want)
	}
}

func hasGolden(a *fixture.Archive) bool {
	for _, f := range a.Files {
		if strings.HasSuffix(f.Name, ".golden") {
			return true
		}
	}
	return false
}
