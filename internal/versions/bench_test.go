package versions_test

import (
	"testing"

	"github.com/fixlint/fixlint/internal/versions"
)

// stdlibRanges has the shape of a standard library record with backports
// on several release lines, the longest ranges fixlint sees.
var stdlibRanges = []versions.Range{
	{Fixed: "v1.20.12"},
	{Introduced: "v1.21.0-0", Fixed: "v1.21.5"},
	{Introduced: "v1.22.0-0", Fixed: "v1.22.9"},
	{Introduced: "v1.23.0-0", Fixed: "v1.23.3"},
	{Introduced: "v1.24.0-0", Fixed: "v1.24.11"},
	{Introduced: "v1.25.0-0", Fixed: "v1.25.5"},
}

var moduleRanges = []versions.Range{{Fixed: "v0.17.0"}}

func BenchmarkCheck(b *testing.B) {
	for _, bc := range []struct {
		name    string
		ranges  []versions.Range
		version string
	}{
		{"one-range", moduleRanges, "v0.16.0"},
		{"pseudo-version", moduleRanges, "v0.0.0-20220127200216-cd36cc0744dd"},
		{"stdlib-6-ranges", stdlibRanges, "v1.24.3"},
		{"stdlib-unaffected", stdlibRanges, "v1.26.8"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				versions.Check(bc.ranges, bc.version)
			}
		})
	}
}

func BenchmarkEarliestFix(b *testing.B) {
	for _, bc := range []struct {
		name    string
		ranges  []versions.Range
		version string
	}{
		{"one-range", moduleRanges, "v0.16.0"},
		{"stdlib-6-ranges", stdlibRanges, "v1.22.1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				versions.EarliestFix(bc.ranges, bc.version)
			}
		})
	}
}
