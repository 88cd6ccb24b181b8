package main

import (
	"fmt"
	"io"

	"github.com/fixlint/fixlint/internal/osv"
)

// osvCmd is "fixlint osv compile DIR FILE": it turns a Go vulnerability
// database (a directory of OSV records, or govulncheck's -db layout) into
// the index that -osv loads fastest. -osv also accepts the directory and
// compiles it into the user cache by itself; compile explicitly to ship one
// file to CI or to control when it is rebuilt.
func osvCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "export" {
		return osvExport(args[1:], stdout, stderr)
	}
	if len(args) != 3 || args[0] != "compile" {
		fmt.Fprintln(stderr, "usage: fixlint osv compile DIR FILE | fixlint osv export [-rules PATH] DIR")
		return exitUsage
	}
	dir, out := args[1], args[2]
	cards, errs, err := osv.CompileDir(dir, out)
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "%s: %d cards from %s\n", out, cards, dir)
	if len(errs) > 0 {
		return exitError
	}
	return exitOK
}
