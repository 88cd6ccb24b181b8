package modcheck

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// TestPlatformLimitedCards: a card whose packages are affected on other
// platforms only (an x/sys/windows record on Linux) is not reported at
// the require line; one whose packages are affected here, or on every
// platform, is. An ignore of the first on that line is not stale.
func TestPlatformLimitedCards(t *testing.T) {
	file := filepath.Join(t.TempDir(), "go.mod")
	// The ignore is for Windows builds: on Linux it silences nothing, and
	// is not stale either.
	data := []byte("module example.com/x\n\ngo 1.22\n\nrequire golang.org/x/sys v0.1.0 // fixlint:ignore GO-1-WINDOWS not called on Windows\n")
	if err := os.WriteFile(file, data, 0o666); err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	card := func(id string, goos ...string) *rules.Card {
		c := &rules.Card{ID: id, Title: id, Module: "golang.org/x/sys", Kind: rules.Security, Severity: rules.High,
			Affected: []versions.Range{{Fixed: "v0.2.0"}}, Source: "test"}
		if goos != nil {
			c.Packages = []string{"golang.org/x/sys/pkg"}
			c.PackagePlatforms = []rules.PackagePlatform{{Package: "golang.org/x/sys/pkg", Platform: rules.Platform{GOOS: goos}}}
		}
		return c
	}
	cat, errs := rules.NewCatalog([]*rules.Card{card("GO-1-WINDOWS", "windows"), card("GO-2-LINUX", "linux"), card("GO-3-EVERYWHERE")})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	list := buildlist.FromGoMod(file, f)
	list.GOOS, list.GOARCH = "linux", "amd64"
	fds, checkErrs := Check(list, cat, Options{})
	if len(checkErrs) > 0 {
		t.Fatal(checkErrs)
	}
	got := map[string]bool{}
	for _, fd := range fds {
		got[fd.Card] = true
	}
	if got["GO-1-WINDOWS"] || !got["GO-2-LINUX"] || !got["GO-3-EVERYWHERE"] || len(fds) != 2 {
		t.Errorf("on linux/amd64, reported %v; want GO-2-LINUX and GO-3-EVERYWHERE (and no stale ignore)", got)
	}
}
