package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/rules"
)

// build describes the fixlint binary: what fixlint version and -V=full
// print, and what the JSON and SARIF outputs say of their producer.
type build struct {
	Version string // the module version, "(devel)" for a source build
	// The build settings go version -m shows, "" when absent (a build
	// outside a repository, or with -buildvcs=false).
	Revision, Time, Modified string
	GoVersion                string // the toolchain that built it: go1.26.0
}

// thisBuild reads the build information the linker stored in the binary.
func thisBuild() build {
	b := build{Version: "(devel)", GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value
		}
	}
	return b
}

// version is the module version fixlint was built at.
func version() string { return thisBuild().Version }

// semanticVersion is the version without its "v" when it is a semantic
// version (SARIF's semanticVersion), or "" for a source build.
func semanticVersion(v string) string {
	if !semver.IsValid(v) {
		return ""
	}
	return strings.TrimPrefix(v, "v")
}

// catalogFacts is what the embedded catalog holds.
type catalogFacts struct {
	Cards int `json:"cards"`
	// NewestVerification is the latest verified.on date of its cards:
	// how fresh the catalog's facts are.
	NewestVerification string `json:"newest_verification"`
}

func embeddedCatalog() catalogFacts {
	cards := rules.Embedded()
	f := catalogFacts{Cards: len(cards)}
	for _, c := range cards {
		// YYYY-MM-DD dates compare as strings.
		f.NewestVerification = max(f.NewestVerification, c.Verified.On)
	}
	return f
}

// dbFacts is what an OSV database holds.
type dbFacts struct {
	// Records counts the records that gave cards (a withdrawn record
	// gives none).
	Records int `json:"records"`
	// Modified is the newest record's modification date (its published
	// date where it has none).
	Modified string `json:"modified,omitempty"`
	// Where the database is, how it was chosen, and how old it is.
	dbDescription
}

// osvFacts opens the database at path as -osv does (compiling a directory
// into the user cache when needed) and counts its records. The errors are
// the records or modules that could not be read; the facts count the
// others. err is set when there is no database to count.
func osvFacts(path string) (dbFacts, []error, error) {
	ix, errs, err := osv.Open(path)
	if err != nil {
		return dbFacts{}, errs, err
	}
	f, more := countRecords(ix)
	return f, append(errs, more...), nil
}

// countRecords decodes every module's cards (half a second for the whole
// Go vulnerability database).
func countRecords(ix *osv.Index) (dbFacts, []error) {
	var f dbFacts
	var errs []error
	seen := make(map[string]bool)
	for _, mod := range ix.Modules() {
		cards, err := ix.Cards(mod)
		if err != nil {
			errs = append(errs, err)
		}
		for _, c := range cards {
			if !seen[c.ID] {
				seen[c.ID] = true
				f.Records++
			}
			f.Modified = max(f.Modified, c.Verified.On)
		}
	}
	return f, errs
}

// startDBFacts is startOSVFacts for the database of a run, with its
// description; nil when the run uses none.
func startDBFacts(c dbChoice, now time.Time) func() *dbFacts {
	if c.path == "" {
		return nil
	}
	count := startOSVFacts(c.path)
	d := describeDB(c, now)
	return sync.OnceValue(func() *dbFacts {
		f := count()
		if f != nil {
			f.dbDescription = d
		}
		return f
	})
}

// startOSVFacts counts the records of the database at path while the
// check runs, for the JSON config message; the result is nil when the
// database cannot be opened. It opens the database first, so that a
// directory is compiled into the cache once, here, and the check finds it
// there. Its errors are the check's to report: the check opens the same
// database.
func startOSVFacts(path string) func() *dbFacts {
	ix, _, err := osv.Open(path)
	if err != nil {
		return func() *dbFacts { return nil }
	}
	done := make(chan dbFacts, 1)
	go func() {
		f, _ := countRecords(ix)
		done <- f
	}()
	return func() *dbFacts {
		f := <-done
		return &f
	}
}
