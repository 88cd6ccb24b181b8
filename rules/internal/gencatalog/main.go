// Command gencatalog compiles rules/cards/*.yaml into rules/catalog_gen.go.
// Run it with "go generate ./rules"; a test fails when the file is stale.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fixlint/fixlint/rules"
)

func main() {
	// go generate runs in the directory of the file with the directive.
	src, err := rules.GenerateFromDir("cards")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(".", "catalog_gen.go"), src, 0o666); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
