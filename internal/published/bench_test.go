package published

import (
	"fmt"
	"testing"
)

// BenchmarkLookup reads the notices of 300 modules, a large build list,
// from a module cache where a third retract something: what every
// standalone run and every editor check pays.
func BenchmarkLookup(b *testing.B) {
	cache := b.TempDir()
	var mods []string
	for i := range 300 {
		mod := fmt.Sprintf("example.com/m%d", i)
		gomod := "module " + mod + "\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n"
		if i%3 == 0 {
			gomod += "\nretract v1.0.0 // Broken.\n"
		}
		writeCache(b, cache, mod, []string{"v1.0.0", "v1.1.0"}, map[string]string{"v1.1.0": gomod})
		mods = append(mods, mod)
	}
	c := Cache{Dir: cache}
	for b.Loop() {
		for _, m := range mods {
			if _, err := c.Lookup(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
