package osv

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/rules"
)

// Export writes cards as an OSV database in govulncheck's -db layout
// (golang.org/x/vuln's client reads it with -db file://DIR; osv-scanner
// reads the ID/ directory of records): index/db.json, index/modules.json,
// index/vulns.json and ID/<id>.json, one record per card. A card's ranges
// become SEMVER events, its title the summary, what broke and why the
// details, its links references, its triggers' functions the affected
// symbols (a trigger on a field or a use of an API names its package,
// every symbol of it), and the whole card goes into database_specific.
//
// dir must not exist or be empty: Export never mixes its records with
// others. modified dates the database (and the cards that record no
// verification date).
func Export(cards []*rules.Card, dir string, modified time.Time) (int, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s is not empty: export writes a whole database into a new or empty directory", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	for _, d := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o777); err != nil {
			return 0, err
		}
	}
	modified = modified.UTC().Truncate(time.Second)
	type vulnRef struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Fixed    string    `json:"fixed,omitempty"`
	}
	type vulnIndex struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Aliases  []string  `json:"aliases,omitempty"`
	}
	byModule := make(map[string][]vulnRef)
	var vulns []vulnIndex
	seen := make(map[string]bool)
	for _, c := range cards {
		if seen[c.ID] {
			// One ID for several modules (an OSV record's cards): one
			// record per ID, the first card's. Catalog cards have one
			// module each.
			continue
		}
		seen[c.ID] = true
		rec := exportRecord(c, modified)
		data, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			return 0, fmt.Errorf("%s: %v", c.ID, err)
		}
		if err := fileio.WriteFile(filepath.Join(dir, "ID", c.ID+".json"), append(data, '\n'), 0o666); err != nil {
			return 0, err
		}
		byModule[c.Module] = append(byModule[c.Module], vulnRef{ID: c.ID, Modified: rec.Modified, Fixed: strings.TrimPrefix(c.FirstFixed(), "v")})
		vulns = append(vulns, vulnIndex{ID: c.ID, Modified: rec.Modified, Aliases: c.Aliases})
	}
	type moduleIndex struct {
		Path  string    `json:"path"`
		Vulns []vulnRef `json:"vulns"`
	}
	var modules []moduleIndex
	for _, path := range slices.Sorted(maps.Keys(byModule)) {
		modules = append(modules, moduleIndex{Path: path, Vulns: byModule[path]})
	}
	sort.Slice(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
	for name, v := range map[string]any{
		"db.json":      map[string]time.Time{"modified": modified},
		"modules.json": modules,
		"vulns.json":   vulns,
	} {
		data, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := fileio.WriteFile(filepath.Join(dir, "index", name), append(data, '\n'), 0o666); err != nil {
			return 0, err
		}
	}
	return len(vulns), nil
}

// exportEntry is an OSV record as Export writes it: Entry's fields, with
// the card itself as the database-specific data.
type exportEntry struct {
	SchemaVersion    string         `json:"schema_version"`
	ID               string         `json:"id"`
	Modified         time.Time      `json:"modified"`
	Published        time.Time      `json:"published"`
	Aliases          []string       `json:"aliases,omitempty"`
	Summary          string         `json:"summary"`
	Details          string         `json:"details"`
	Affected         []Affected     `json:"affected"`
	References       []Reference    `json:"references,omitempty"`
	DatabaseSpecific map[string]any `json:"database_specific"`
}

func exportRecord(c *rules.Card, modified time.Time) exportEntry {
	when := modified
	if t, err := time.Parse(time.DateOnly, c.Verified.On); err == nil {
		when = t.UTC()
	}
	details := strings.TrimSpace(c.WhatBroke)
	if why := strings.TrimSpace(c.Why); why != "" {
		details = strings.TrimSpace(details + "\n\n" + why)
	}
	// "every version" (a pitfall of documented behaviour) is one range
	// from the first version with no fix.
	events := []RangeEvent{}
	ranges := c.Affected
	for _, r := range ranges {
		intro := strings.TrimPrefix(r.Introduced, "v")
		if intro == "" {
			intro = "0"
		}
		events = append(events, RangeEvent{Introduced: intro})
		if r.Fixed != "" {
			events = append(events, RangeEvent{Fixed: strings.TrimPrefix(r.Fixed, "v")})
		}
	}
	if len(ranges) == 0 {
		events = append(events, RangeEvent{Introduced: "0"})
	}
	var refs []Reference
	for _, l := range []struct{ typ, url string }{{"ADVISORY", c.Links.Advisory}, {"FIX", c.Links.Fix}, {"REPORT", c.Links.Issue}} {
		if l.url != "" {
			refs = append(refs, Reference{Type: l.typ, URL: l.url})
		}
	}
	for _, u := range c.Links.References {
		refs = append(refs, Reference{Type: "WEB", URL: u})
	}
	return exportEntry{
		SchemaVersion: "1.3.1",
		ID:            c.ID, Modified: when, Published: when, Aliases: c.Aliases,
		Summary: c.Title, Details: details,
		Affected: []Affected{{
			Module:            Module{Path: c.Module, Ecosystem: "Go"},
			Ranges:            []Range{{Type: "SEMVER", Events: events}},
			EcosystemSpecific: EcosystemSpecific{Packages: exportPackages(c)},
		}},
		References:       refs,
		DatabaseSpecific: map[string]any{"fixlint": exportCard(c)},
	}
}

// exportPackages lists the packages and functions a card is about: each
// call or parameter trigger's function, spelled as OSV's symbols are
// ("Func", "Type.Method"); a package with a field or uses trigger (not a
// function govulncheck can find a call of) lists no symbols, so every
// symbol of it counts; the card's own packages (OSV-made cards) as they
// are. None: the whole module.
func exportPackages(c *rules.Card) []Package {
	symbols := make(map[string][]string)
	whole := make(map[string]bool)
	var order []string
	add := func(pkg string) {
		if _, ok := symbols[pkg]; !ok && !whole[pkg] {
			order = append(order, pkg)
			symbols[pkg] = nil
		}
	}
	for i := range c.Triggers {
		t := &c.Triggers[i]
		sym, err := rules.ParseSymbol(t.Symbol())
		if err != nil {
			continue
		}
		add(sym.PkgPath)
		if k := t.Kind(); k != "call" && k != "param" {
			whole[sym.PkgPath] = true
			continue
		}
		name := sym.Name
		if sym.Recv != "" {
			name = sym.Recv + "." + sym.Name
		}
		if !slices.Contains(symbols[sym.PkgPath], name) {
			symbols[sym.PkgPath] = append(symbols[sym.PkgPath], name)
		}
	}
	for _, p := range c.Packages {
		add(p)
		whole[p] = true
	}
	var out []Package
	for _, pkg := range order {
		p := Package{Path: pkg}
		if !whole[pkg] {
			p.Symbols = symbols[pkg]
			sort.Strings(p.Symbols)
		}
		out = append(out, p)
	}
	return out
}

// exportCard is the card as database_specific.fixlint carries it.
func exportCard(c *rules.Card) map[string]any {
	var options []map[string]string
	for _, o := range c.FixOptions {
		options = append(options, map[string]string{"title": o.Title, "how": o.How, "when_not_to_use": o.WhenNotToUse})
	}
	var triggers []string
	for i := range c.Triggers {
		triggers = append(triggers, string(c.Triggers[i].Kind())+" "+c.Triggers[i].Symbol())
	}
	return map[string]any{
		"kind": string(c.Kind), "severity": string(c.Severity), "confidence": string(c.Confidence),
		"affected": rules.RangeString(c), "first_fixed": c.FirstFixed(),
		"what_broke": c.WhatBroke, "why": c.Why, "fix_options": options, "not_applicable": c.NotApplicable,
		"verified": map[string]string{"on": c.Verified.On, "how": c.Verified.How},
		"triggers": triggers, "source": c.Source,
	}
}
