package main

import (
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

// explain prints a card in full.
func explain(args []string, stdout, stderr io.Writer) int {
	var cfg analyzer.Config
	fs := flag.NewFlagSet("fixlint explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: fixlint explain [-rules DIR] ID")
		return exitUsage
	}
	cat, errs := cfg.Catalog()
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	card := cat.Card(fs.Arg(0))
	if card == nil && cfg.OSV != "" {
		cat.LoadAll() // an OSV record's card, decoded on demand
		card = cat.Card(fs.Arg(0))
	}
	srcErrs := cat.SourceErrors()
	for _, e := range srcErrs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if card == nil {
		fmt.Fprintf(stderr, "fixlint: no card %s (fixlint rules list shows them all)\n", fs.Arg(0))
		return exitError
	}
	rules.WriteMarkdown(stdout, card, "#")
	if len(srcErrs) > 0 {
		return exitError // the card may be missing a module's version of it
	}
	return exitOK
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
	var module string
	fs := flag.NewFlagSet("fixlint rules list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&module, "module", "", "list only the cards about modules whose path contains `text`")
	cfg.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
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
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMODULE\tKIND\tFIRST FIXED\tTITLE")
	cards := append([]*rules.Card(nil), cat.Cards()...)
	sort.Slice(cards, func(i, j int) bool { return cards[i].ID < cards[j].ID })
	for _, c := range cards {
		if module != "" && !strings.Contains(c.Module, module) {
			continue
		}
		fixed := c.FirstFixed()
		if fixed == "" {
			fixed = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Module, c.Kind, fixed, c.Title)
	}
	if err := tw.Flush(); err != nil {
		return exitError
	}
	if len(errs) > 0 || len(srcErrs) > 0 {
		return exitError
	}
	return exitOK
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
