package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/rules"
)

// explain prints a card in full. The ID may be in any case, an alias
// (GHSA-..., CVE-...) of a card or record, and flags may come after it;
// the configuration file is found as the check finds it, so an osv: setting
// makes GO- IDs known without -osv, as does the copy of fixlint osv update.
func explain(args []string, stdout, stderr io.Writer) int {
	var cfg analyzer.Config
	var config string
	fs := flag.NewFlagSet("fixlint explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&config, "config", "", "configuration `file` (default: "+configFileName+" as fixlint finds it)")
	cfg.BindFlags(fs)
	ids, ok := parseInterleaved(fs, args)
	if !ok {
		return exitUsage
	}
	if len(ids) != 1 {
		fmt.Fprintln(stderr, "usage: fixlint explain [-osv DB] [-rules DIR] ID")
		return exitUsage
	}
	id := ids[0]
	if _, err := applyConfig(fs, config, &cfg); err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	if db := chooseDB(&cfg); db.err != nil {
		fmt.Fprintf(stderr, "fixlint: warning: %v\n", db.err)
	}
	haveDB := cfg.OSV != "" && cfg.OSV != analyzer.OSVOff
	cat, errs := cfg.Catalog()
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	card := cat.Find(id)
	if card == nil && haveDB {
		cat.LoadAll() // an OSV record's card, decoded on demand
		card = cat.Find(id)
	}
	srcErrs := cat.SourceErrors()
	for _, e := range srcErrs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if card == nil {
		fmt.Fprintf(stderr, "fixlint: no card %s%s\n", id, unknownIDHint(id, cat, haveDB))
		return exitError
	}
	rules.WriteMarkdown(stdout, card, "#")
	if len(srcErrs) > 0 {
		return exitError // the card may be missing a module's version of it
	}
	return exitOK
}

// parseInterleaved parses flags that may come before, between and after
// the positional arguments (fixlint explain ID -osv DB), as the go command
// allows; "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) (positional []string, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, true
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// unknownIDHint helps with an ID that is no card: the IDs that look
// closest, and for a Go vulnerability database ID when no database is
// configured, how to configure one.
func unknownIDHint(id string, cat *rules.Catalog, haveDB bool) string {
	upper := strings.ToUpper(id)
	if !haveDB && (strings.HasPrefix(upper, "GO-") || strings.HasPrefix(upper, "GHSA-") || strings.HasPrefix(upper, "CVE-")) {
		return ": records of the Go vulnerability database are known only with a database: run fixlint osv update, pass -osv DIR, or set osv: in " + configFileName
	}
	if near := closestIDs(id, cat.Cards(), 3); len(near) > 0 {
		return " (did you mean " + strings.Join(near, ", ") + "? fixlint rules list shows them all)"
	}
	return " (fixlint rules list shows them all)"
}

// closestIDs returns up to n card IDs within a small edit distance of id,
// nearest first.
func closestIDs(id string, cards []*rules.Card, n int) []string {
	type cand struct {
		id   string
		dist int
	}
	var cs []cand
	id = strings.ToUpper(id)
	for _, c := range cards {
		if d := editDistance(id, strings.ToUpper(c.ID)); d <= 2 {
			cs = append(cs, cand{c.ID, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].dist < cs[j].dist })
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (IDs are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// rulesCmd is "fixlint rules list" and "fixlint rules check".
func rulesCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: fixlint rules list [-module M] | fixlint rules check PATH...")
		return exitUsage
	}
	switch args[0] {
	case "list":
		return rulesList(args[1:], stdout, stderr)
	case "check":
		return rulesCheck(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "fixlint rules: unknown command %q (want list or check)\n", args[0])
	return exitUsage
}

func rulesList(args []string, stdout, stderr io.Writer) int {
	var cfg analyzer.Config
	var module, format string
	fs := flag.NewFlagSet("fixlint rules list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&module, "module", "", "list only the cards about modules whose path contains `text`")
	fs.StringVar(&format, "format", "text", "output `format`: text (a table) or json (one object per card and line, as the card message of fixlint -format json)")
	cfg.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "fixlint rules list: unknown -format %q (want text or json)\n", format)
		return exitUsage
	}
	cat, errs := cfg.Catalog()
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	cat.LoadAll()
	srcErrs := cat.SourceErrors()
	for _, e := range srcErrs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	cards := append([]*rules.Card(nil), cat.Cards()...)
	sort.Slice(cards, func(i, j int) bool { return cards[i].ID < cards[j].ID })
	var list []*rules.Card
	for _, c := range cards {
		if module == "" || strings.Contains(c.Module, module) {
			list = append(list, c)
		}
	}
	var err error
	if format == "json" {
		err = writeCardsJSON(stdout, list)
	} else {
		err = writeCardsTable(stdout, list)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	if len(errs) > 0 || len(srcErrs) > 0 {
		return exitError
	}
	return exitOK
}

func writeCardsTable(w io.Writer, cards []*rules.Card) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMODULE\tKIND\tFIRST FIXED\tTITLE")
	for _, c := range cards {
		fixed := c.FirstFixed()
		if fixed == "" {
			fixed = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Module, c.Kind, fixed, c.Title)
	}
	return tw.Flush()
}

// writeCardsJSON writes one JSON object per card and line (JSON Lines),
// the shape of the card message of fixlint -format json: a stream that
// jq and line-based tools read as it comes, like fixlint's own JSON
// output and go list -json.
func writeCardsJSON(w io.Writer, cards []*rules.Card) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range cards {
		if err := enc.Encode(newJSONCard(c)); err != nil {
			return err
		}
	}
	return nil
}

// rulesCheck validates card files strictly, as the catalog loader does, and
// the set as a whole (unique IDs, file names).
func rulesCheck(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: fixlint rules check PATH...")
		return exitUsage
	}
	cards, errs := rules.LoadFiles(args)
	errs = append(errs, rules.CheckSet(cards)...)
	// A user card must not take an ID of the embedded catalog.
	for _, c := range cards {
		for _, e := range rules.Embedded() {
			// The embedded catalog's own files pass, of course.
			own := filepath.ToSlash(filepath.Join("rules", e.Source))
			if e.ID == c.ID && !strings.HasSuffix(filepath.ToSlash(c.Source), own) {
				errs = append(errs, &rules.Error{File: c.Source, Msg: fmt.Sprintf("card ID %s is taken by fixlint's own catalog", c.ID)})
			}
		}
	}
	for _, e := range errs {
		fmt.Fprintln(stderr, e)
	}
	fmt.Fprintf(stdout, "%d cards checked, %d problems\n", len(cards), len(errs))
	if len(errs) > 0 {
		return exitError
	}
	return exitOK
}
