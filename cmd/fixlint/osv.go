package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fixlint/fixlint/internal/osv"
)

// osvCmd is "fixlint osv compile DIR FILE": it turns a Go vulnerability
// database (a directory of OSV records, or govulncheck's -db layout) into
// the index that -osv loads fastest. -osv also accepts the directory and
// compiles it into the user cache by itself; compile explicitly to ship one
// file to CI or to control when it is rebuilt.
func osvCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 || args[0] != "compile" {
		fmt.Fprintln(stderr, "usage: fixlint osv compile DIR FILE")
		return exitUsage
	}
	dir, out := args[1], args[2]
	cards, errs := osv.LoadDir(dir)
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if len(cards) == 0 {
		fmt.Fprintf(stderr, "fixlint: %s: no usable OSV records\n", dir)
		return exitError
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".fixlint-osv-*")
	if err == nil {
		err = osv.Compile(tmp, cards)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), out)
		} else {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "%s: %d cards from %s\n", out, len(cards), dir)
	if len(errs) > 0 {
		return exitError
	}
	return exitOK
}
