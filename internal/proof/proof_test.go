package proof

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/testenv"
	"github.com/fixlint/fixlint/rules"
)

var update = flag.Bool("update", false, "write the proofs' golden files from what the programs print")

const (
	proofsDir   = "../../testdata/proofs"
	fixturesDir = "../../testdata/cards"
)

// slots bounds the go commands running at once: each builds a real module.
var slots = make(chan struct{}, 3)

// TestEveryCardHasAProof checks, with no network, that every card has a
// proof directory whose versions agree with the card's ranges, and that no
// proof is left over for a card that is gone.
func TestEveryCardHasAProof(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range rules.Embedded() {
		ids[c.ID] = true
		spec, err := Load(filepath.Join(proofsDir, c.ID))
		if err != nil {
			t.Errorf("card %s (%s) has no proof: %v", c.ID, c.Source, err)
			continue
		}
		for _, err := range spec.Check(c) {
			t.Error(err)
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(proofsDir, "*"))
	for _, d := range dirs {
		if !ids[filepath.Base(d)] {
			t.Errorf("%s: no card has this ID", d)
		}
	}
}

// TestProofs runs every card's proof at each of its versions against the
// real module and compares what it prints with the golden file. An
// affected run and a fixed run that print the same prove nothing.
func TestProofs(t *testing.T) {
	testenv.Proofs(t)
	for _, c := range rules.Embedded() {
		spec, err := Load(filepath.Join(proofsDir, c.ID))
		if err != nil {
			continue // TestEveryCardHasAProof reports it
		}
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			outputs := map[string]string{}
			for _, run := range spec.Runs {
				t.Run(run.Version, func(t *testing.T) {
					slots <- struct{}{}
					defer func() { <-slots }()
					got, err := Execute(context.Background(), t.TempDir(), c.Module, spec, run)
					if err != nil {
						t.Fatalf("%s at %s %s: %v", c.ID, c.Module, run.Version, err)
					}
					outputs[run.Expect] += got
					golden := spec.Golden(run)
					if *update {
						if err := os.WriteFile(golden, []byte(got), 0o666); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatal(err)
					}
					if got != string(want) {
						t.Errorf("%s at %s prints:\n%s\nwant (%s):\n%s", c.ID, run.Version, got, golden, want)
					}
				})
			}
			if a, f := outputs[Affected], outputs[Fixed]; a != "" && f != "" && a == f {
				t.Errorf("%s: the affected and fixed runs print the same; the proof shows no difference:\n%s", c.ID, a)
			}
		})
	}
}

var stubImport = regexp.MustCompile(`"fixlint\.test/std/`)

// TestFixturesAgainstRealModules type-checks each card fixture's code
// (its app/ files, with the standard library stand-ins replaced by the
// real packages) against the real module at the fixture's affected
// version and at each unaffected version above it, so that a trigger
// names API the module really has. Versions below the affected one are
// left out: an unaffected version before the API existed is a fixture's
// way of checking the lower end of a range, not a claim about the API. The
// modules the card's proof.yaml pins (require:) are pinned here too.
func TestFixturesAgainstRealModules(t *testing.T) {
	testenv.Proofs(t)
	files, err := filepath.Glob(filepath.Join(fixturesDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no card fixtures in %s", fixturesDir)
	}
	cards := make(map[string]bool)
	for _, c := range rules.Embedded() {
		cards[c.ID] = true
	}
	for _, file := range files {
		id := strings.TrimSuffix(filepath.Base(file), ".txtar")
		if !cards[id] {
			// The seeds' fixtures (SEED-*) are about made-up modules.
			continue
		}
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			a, err := fixture.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			code := map[string][]byte{}
			for _, f := range a.Files {
				if !strings.HasSuffix(f.Name, ".go") || strings.HasPrefix(f.Name, "dep/") || strings.HasPrefix(f.Name, "vendor/") {
					continue
				}
				code[f.Name] = []byte(stubImport.ReplaceAllString(string(f.Data), `"`))
			}
			if len(code) == 0 {
				t.Skipf("%s has no code of its own", file)
			}
			// The card's proof pins the same module graph (a module with no
			// go.mod, or an old one, resolves its dependencies at their latest).
			var pins []string
			if spec, err := Load(filepath.Join(proofsDir, id)); err == nil {
				pins = spec.Require
			}
			vs := []string{a.Affected}
			for _, v := range a.Unaffected {
				if semver.Compare(v, a.Affected) > 0 {
					vs = append(vs, v)
				}
			}
			for _, v := range vs {
				t.Run(v, func(t *testing.T) {
					slots <- struct{}{}
					defer func() { <-slots }()
					dir := t.TempDir()
					ctx := context.Background()
					if err := Module(ctx, dir, "example.com/app", a.Module, v, pins, code); err != nil {
						t.Fatalf("%s against %s %s: %v", id, a.Module, v, err)
					}
					if _, err := Go(ctx, dir, "build", "./..."); err != nil {
						t.Errorf("%s's code does not type-check against %s %s: %v", id, a.Module, v, err)
					}
				})
			}
		})
	}
}
