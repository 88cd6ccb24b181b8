package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/rules"
)

// osvExport is "fixlint osv export [-rules PATH] DIR": the catalog (the
// embedded cards and -rules' cards) as an OSV database in govulncheck's
// -db layout, for govulncheck, osv-scanner and others that read OSV.
func osvExport(args []string, stdout, stderr io.Writer) int {
	var paths []string
	fs := flag.NewFlagSet("fixlint osv export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Func("rules", "also export the cards of these `files or directories`, comma-separated (repeatable)", func(s string) error {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				paths = append(paths, p)
			}
		}
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: fixlint osv export [-rules PATH] DIR")
		return exitUsage
	}
	dir := fs.Arg(0)
	cards := rules.Embedded()
	failed := false
	if len(paths) > 0 {
		user, errs := rules.LoadFiles(paths)
		for _, e := range errs {
			fmt.Fprintf(stderr, "fixlint: %v\n", e)
		}
		failed = len(errs) > 0
		cards = append(append([]*rules.Card(nil), cards...), user...)
	}
	cat, errs := rules.NewCatalog(cards) // duplicate IDs are errors, as in a check
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
		failed = true
	}
	n, err := osv.Export(cat.Cards(), dir, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	fmt.Fprintf(stdout, "%s: %d records (for govulncheck: -db file://%s)\n", dir, n, filepath.ToSlash(abs))
	if failed {
		return exitError
	}
	return exitOK
}
