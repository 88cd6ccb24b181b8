// Command noop is the baseline of bench/run.sh: a go vet tool built with
// unitchecker, like fixlint, whose analyzer does nothing. Built with
// -ldflags=-X=main.facts=yes, its analyzer declares a package fact (and
// exports none), so that go vet runs it over every dependency as it does
// fixlint, which uses facts to learn each package's module version.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// facts is set with -ldflags=-X=main.facts=yes.
var facts string

type noFact struct{}

func (*noFact) AFact() {}

func main() {
	a := &analysis.Analyzer{
		Name: "noop",
		Doc:  "noop reports nothing; it is the baseline of fixlint's benchmarks.",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
	if facts == "yes" {
		a.FactTypes = []analysis.Fact{new(noFact)}
	}
	unitchecker.Main(a)
}
