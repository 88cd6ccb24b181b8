package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// printVersion is fixlint version and fixlint -version: the build, the
// embedded catalog and the OSV database of a check (-osv, the
// configuration file's osv, or the copy of fixlint osv update). It says how
// fresh fixlint's knowledge is, so it is short: a line each.
func printVersion(db dbChoice, stdout, stderr io.Writer) int {
	b := thisBuild()
	fmt.Fprintf(stdout, "fixlint %s\n", b.Version)
	if vcs := b.vcsSettings(); vcs != "" {
		fmt.Fprintln(stdout, vcs)
	}
	fmt.Fprintf(stdout, "built with %s %s/%s\n", b.GoVersion, runtime.GOOS, runtime.GOARCH)
	cat := embeddedCatalog()
	fmt.Fprintf(stdout, "catalog: %d cards, newest verified on %s\n", cat.Cards, cat.NewestVerification)
	if db.err != nil {
		fmt.Fprintf(stderr, "fixlint: warning: %v\n", db.err)
	}
	if db.path == "" {
		return exitOK
	}
	facts, errs, err := osvFacts(db.path)
	if err == nil {
		modified := "no modification dates"
		if facts.Modified != "" {
			modified = "newest modified on " + facts.Modified
		}
		fmt.Fprintf(stdout, "osv database %s: %d records, %s\n", db.path, facts.Records, modified)
	}
	d := describeDB(db, time.Now())
	if d.Note != "" {
		fmt.Fprintf(stdout, "osv database of fixlint osv update: %s\n", d.Note)
	}
	if d.Warning != "" {
		fmt.Fprintf(stderr, "fixlint: warning: %s\n", d.Warning)
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", osvError(db.path, err))
	}
	if err != nil || len(errs) > 0 {
		return exitError
	}
	return exitOK
}

// vcsSettings are the revision, time and modified flag of the build, as
// go version -m shows them, or "".
func (b build) vcsSettings() string {
	var s []string
	for _, kv := range [][2]string{{"vcs.revision", b.Revision}, {"vcs.time", b.Time}, {"vcs.modified", b.Modified}} {
		if kv[1] != "" {
			s = append(s, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(s, " ")
}

// osvError names the database in a message once.
func osvError(db string, err error) string {
	if strings.Contains(err.Error(), db) {
		return err.Error()
	}
	return db + ": " + err.Error()
}

// vetVersion answers go vet's -V=full: "fixlint version VERSION
// buildID=HASH". The go command keys its vet cache on the line (on the
// buildID alone for a version with "devel" in it, such as a source
// build's "(devel)"), so the hash of the executable is in it whatever the
// version: a rebuilt fixlint (a new card) must not replay old results.
// unitchecker prints the same hash after "version devel comments-go-here";
// this line adds fixlint's version.
func vetVersion(stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err == nil {
		var f *os.File
		if f, err = os.Open(exe); err == nil {
			h := sha256.New()
			_, err = io.Copy(h, f)
			f.Close()
			if err == nil {
				fmt.Fprintf(stdout, "fixlint version %s buildID=%x\n", version(), h.Sum(nil))
				return exitOK
			}
		}
	}
	fmt.Fprintf(stderr, "fixlint: -V=full: %v\n", err)
	return exitError
}

// versionAfterConfig is -version once the flags and the configuration file
// are read: the configuration may name the database. A configuration file
// that cannot be read does not hide the version; it is an error still.
func versionAfterConfig(fs *flag.FlagSet, db dbChoice, configErr error, stdout, stderr io.Writer) int {
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fixlint: -version checks no packages (got %s)\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	code := printVersion(db, stdout, stderr)
	if configErr != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", configErr)
		code = exitError
	}
	return code
}
