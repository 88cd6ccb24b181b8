package proof

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// Spec is a proof directory's proof.yaml.
type Spec struct {
	// Shows says in one sentence what the program shows.
	Shows string `yaml:"shows"`
	Runs  []Run  `yaml:"runs"`
	// Require pins other modules the program needs, as module@version.
	Require []string `yaml:"require"`

	Dir string `yaml:"-"`
}

// Run is one version the program is run at.
type Run struct {
	Version string `yaml:"version"`
	// Expect is "affected", "fixed" (the fixed: end of one of the card's
	// ranges) or "unaffected" (any other version the card does not
	// affect: below a range, or a later release that changed the API):
	// what the card says of Version.
	Expect string `yaml:"expect"`
}

// Expectations a run may have.
const (
	Affected   = "affected"
	Fixed      = "fixed"
	Unaffected = "unaffected"
)

// Golden returns the path of the run's expected output.
func (s *Spec) Golden(r Run) string { return filepath.Join(s.Dir, r.Version+".golden") }

// Load reads dir/proof.yaml strictly.
func Load(dir string) (*Spec, error) {
	data, err := os.ReadFile(filepath.Join(dir, "proof.yaml"))
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	s := &Spec{Dir: dir}
	if err := dec.Decode(s); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "proof.yaml"), err)
	}
	return s, nil
}

// Check reports every way s disagrees with card: a version the card
// judges otherwise than the run expects, a fixed run that is not the end
// of one of the card's ranges, a card with a fix but no run on both sides
// of it, a missing golden, a malformed pin.
func (s *Spec) Check(card *rules.Card) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", filepath.Join(s.Dir, "proof.yaml"), fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(s.Shows) == "" {
		bad("shows: is empty (say in one sentence what the program shows)")
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "proof.go")); err != nil {
		bad("no proof.go beside it")
	}
	seen := map[string]bool{}
	for _, r := range s.Runs {
		// A module without a go.mod at major version 2 or more has versions
		// like v28.3.3+incompatible: the only build suffix the go command uses.
		if !semver.IsValid(r.Version) || semver.Canonical(r.Version)+semver.Build(r.Version) != r.Version ||
			(semver.Build(r.Version) != "" && semver.Build(r.Version) != "+incompatible") {
			bad("version %q is not a canonical semantic version", r.Version)
			continue
		}
		if seen[r.Version] {
			bad("version %s is run twice", r.Version)
		}
		seen[r.Version] = true
		status := versions.Check(card.Affected, r.Version)
		if card.EveryVersion() {
			// A pitfall is documented behaviour: every version has it.
			status = versions.Affected
		}
		switch r.Expect {
		case Affected:
			if status != versions.Affected {
				bad("%s expects affected, but %s says %s is %s", r.Version, card.ID, r.Version, status)
			}
		case Fixed:
			if status != versions.NotAffected {
				bad("%s expects fixed, but %s says %s is %s", r.Version, card.ID, r.Version, status)
			}
			if !endsRange(card, r.Version) {
				bad("%s expects fixed, but it is not the fixed: version of any range of %s", r.Version, card.ID)
			}
		case Unaffected:
			if status != versions.NotAffected {
				bad("%s expects unaffected, but %s says %s is %s", r.Version, card.ID, r.Version, status)
			}
		default:
			bad("%s: expect is %q, want affected, fixed or unaffected", r.Version, r.Expect)
		}
		if _, err := os.Stat(s.Golden(r)); err != nil {
			bad("no golden %s (run with -update to write it)", filepath.Base(s.Golden(r)))
		}
	}
	if !s.has(Affected) {
		bad("no affected run: a proof shows the problem")
	}
	if card.HasFix() && !s.has(Fixed) {
		bad("%s has a fixed version (%s) but no fixed run", card.ID, card.FirstFixed())
	}
	if !card.HasFix() && s.has(Fixed) {
		bad("%s has no fixed version, but a run expects fixed", card.ID)
	}
	for _, p := range s.Require {
		path, v, ok := strings.Cut(p, "@")
		if !ok || module.Check(path, v) != nil {
			bad("require %q is not module@version", p)
		}
	}
	return errs
}

func (s *Spec) has(expect string) bool {
	for _, r := range s.Runs {
		if r.Expect == expect {
			return true
		}
	}
	return false
}

func endsRange(card *rules.Card, v string) bool {
	for _, r := range card.Affected {
		if r.Fixed == v {
			return true
		}
	}
	return false
}
