package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/vulndb"
)

// dbChoice is the OSV database of a standalone run or a language server
// check, and how it was chosen.
type dbChoice struct {
	// path is what the analyzer opens (analyzer.Config.OSV), "" for none.
	path string
	// updated is the copy of fixlint osv update, when that is the one:
	// no -osv, no osv: in the configuration file.
	updated *vulndb.Database
	// off: -osv=off (or osv: off).
	off bool
	// maxAge is -osv-max-age.
	maxAge time.Duration
	// err: the copy of fixlint osv update is there but cannot be used.
	err error
}

// chooseDB picks the database: the one -osv or the configuration file
// names, none with -osv=off, else the copy of fixlint osv update when
// there is one. It sets cfg.OSV to the database chosen. go vet and
// golangci-lint never come here: they read a database only through their
// flag or setting, whose text their caches key on.
func chooseDB(cfg *analyzer.Config) dbChoice {
	c := dbChoice{maxAge: cfg.OSVMaxAge}
	if c.maxAge <= 0 {
		c.maxAge = analyzer.DefaultOSVMaxAge
	}
	switch cfg.OSV {
	case analyzer.OSVOff:
		c.off = true
		return c
	case "":
	default:
		c.path = cfg.OSV
		return c
	}
	db, err := vulndb.Open()
	if errors.Is(err, vulndb.ErrNone) {
		return c
	}
	if err != nil {
		c.err = fmt.Errorf("the Go vulnerability database of fixlint osv update cannot be used, so this run leaves it out: %v", err)
		return c
	}
	c.updated, c.path = db, db.Index
	cfg.OSV = db.Index
	return c
}

// dbDescription says which OSV database a run uses, and how old it is.
// Every output takes it from describeDB, so that they agree: the note on
// standard error (text), the db of JSON's config message and of SARIF's
// tool properties, fixlint version.
type dbDescription struct {
	// Path is the database: a directory or an index file.
	Path string `json:"path,omitempty"`
	// Source is how it was chosen: "flag" (-osv, or osv: in the
	// configuration file) or "osv update" (the copy of fixlint osv
	// update, used when no database is named).
	Source string `json:"source,omitempty"`
	// For the copy of fixlint osv update: where it came from, when an
	// update last reached the server (RFC 3339), and whether that is
	// longer ago than -osv-max-age (Warning says so in words).
	URL     string `json:"url,omitempty"`
	Updated string `json:"updated,omitempty"`
	Stale   bool   `json:"stale,omitempty"`
	Warning string `json:"warning,omitempty"`
	// Note says where the copy of fixlint osv update came from and how
	// old it is, for people (text output, fixlint version); "" for a
	// database the user named.
	Note string `json:"-"`
}

// describeDB describes the database of c at time now.
func describeDB(c dbChoice, now time.Time) dbDescription {
	if c.path == "" {
		return dbDescription{}
	}
	d := dbDescription{Path: c.path, Source: "flag"}
	db := c.updated
	if db == nil {
		return d
	}
	d.Source, d.URL, d.Updated = "osv update", db.URL, db.Checked.UTC().Format(time.RFC3339)
	age := db.Age(now)
	d.Note = fmt.Sprintf("from %s, modified %s, last updated %s", db.URL, db.Modified.UTC().Format(time.DateOnly), ago(age))
	if age > c.maxAge {
		d.Stale = true
		d.Warning = fmt.Sprintf("the Go vulnerability database was last updated %s (%s), more than -osv-max-age (%s) ago: records published since are missing; run fixlint osv update",
			ago(age), db.Checked.UTC().Format(time.DateOnly), formatAge(c.maxAge))
	}
	return d
}

// using is the line that says a run uses the copy of fixlint osv update,
// or "" for a database the user named.
func (d dbDescription) using() string {
	if d.Note == "" {
		return ""
	}
	return "using the Go vulnerability database of fixlint osv update (" + d.Note + "; -osv=off leaves it out)"
}

// dbNotes are the lines a text run prints on standard error about its
// database: which one it uses when it chose it itself, a warning when that
// is old or unusable, and, on a terminal, how to get one when there is none.
func dbNotes(c dbChoice, now time.Time, terminal bool) []string {
	var lines []string
	if c.err != nil {
		lines = append(lines, "warning: "+c.err.Error())
	}
	d := describeDB(c, now)
	if using := d.using(); using != "" {
		lines = append(lines, using)
	}
	if d.Warning != "" {
		lines = append(lines, "warning: "+d.Warning)
	}
	if c.path == "" && !c.off && c.err == nil && terminal {
		lines = append(lines, "no vulnerability database: run fixlint osv update once to check against the Go vulnerability database as well (-osv=off not to be told)")
	}
	return lines
}

// ago says how long ago, in the unit a person would use.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute ago"
	case d < time.Hour:
		return report.Count(int(d/time.Minute), "minute") + " ago"
	case d < 48*time.Hour:
		return report.Count(int(d/time.Hour), "hour") + " ago"
	}
	return report.Count(int(d/(24*time.Hour)), "day") + " ago"
}

// formatAge spells an -osv-max-age: "7d" for whole days, else as Go does.
func formatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

// parseAge reads an -osv-max-age: a number of days ("7d") or a Go
// duration ("36h").
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
		if n > 100_000 {
			err = errors.New("too long")
		}
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a positive number of days (7d) or a duration (36h)", s)
	}
	return d, nil
}

// ageFlag is -osv-max-age.
type ageFlag struct{ d *time.Duration }

func (f ageFlag) String() string {
	if f.d == nil || *f.d == 0 {
		return formatAge(analyzer.DefaultOSVMaxAge)
	}
	return formatAge(*f.d)
}

func (f ageFlag) Set(s string) error {
	d, err := parseAge(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// bindMaxAge registers -osv-max-age, for the commands that use the copy
// of fixlint osv update by default.
func bindMaxAge(fs *flag.FlagSet, cfg *analyzer.Config) {
	fs.Var(ageFlag{&cfg.OSVMaxAge}, "osv-max-age", "warn when the database of fixlint osv update was last updated longer ago than this (`age`: 7d, 36h)")
}
