// Command gencatalog compiles rules/cards/*.yaml into rules/catalog_gen.go
// and docs/cards.md. Run it with "go generate ./rules"; a test fails when
// either is stale.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fixlint/fixlint/rules"
)

func main() {
	// go generate runs in the directory of the file with the directive.
	src, docs, err := rules.GenerateFromDir("cards")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for name, data := range map[string][]byte{"catalog_gen.go": src, filepath.Join("..", "docs", "cards.md"): docs} {
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(name, data, 0o666); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
