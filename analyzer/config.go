package analyzer

import (
	"flag"
	"strings"
	"sync"
	"time"

	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/rules"
)

// Config selects the cards an analyzer uses and the findings it reports.
type Config struct {
	// Rules are extra card files or directories, read in addition to the
	// embedded catalog.
	Rules []string
	// Disable lists card IDs not to report.
	Disable []string
	// MinSeverity is the lowest severity reported; "" means low (all).
	MinSeverity rules.Severity
	// OSV is a Go vulnerability database in OSV form: a directory of
	// records, govulncheck's -db layout, or an index compiled by fixlint osv
	// compile. Its records become cards, decoded only for the modules a
	// package imports. "" and OSVOff mean none: the analyzer never picks a
	// database by itself (go vet's cache would not see it change); the
	// standalone command and the language server put the copy of fixlint
	// osv update here when none is given.
	OSV string
	// OSVMaxAge is how long ago fixlint osv update may have last reached
	// the server before the drivers that use its copy by default warn
	// that the copy is old; 0 means DefaultOSVMaxAge. The analyzer does
	// not read it.
	OSVMaxAge time.Duration
}

// OSVOff is the OSV setting for no database: the standalone command's
// -osv=off, which also turns off the copy of fixlint osv update.
const OSVOff = "off"

// DefaultOSVMaxAge is the default of OSVMaxAge: the Go vulnerability
// database gets new records several times a week.
const DefaultOSVMaxAge = 7 * 24 * time.Hour

// osvPath is the database to open, or "".
func (c Config) osvPath() string {
	if c.OSV == OSVOff {
		return ""
	}
	return c.OSV
}

// loaded is a Config's catalog, built once per process and shared read-only
// by every pass (drivers run passes in parallel).
type loaded struct {
	cfg     Config
	catalog *rules.Catalog
	errs    rules.Errors // problems in user card files; the rest still load
}

func (c Config) load() *loaded {
	l := &loaded{cfg: c}
	cards := rules.Embedded()
	if len(c.Rules) > 0 {
		user, errs := rules.LoadFiles(c.Rules)
		l.errs = append(l.errs, errs...)
		cards = append(append([]*rules.Card(nil), cards...), user...)
	}
	cat, errs := rules.NewCatalog(cards)
	l.catalog = cat
	l.errs = append(l.errs, errs...)
	if db := c.osvPath(); db != "" {
		ix, recErrs, err := osv.Open(db)
		for _, e := range recErrs {
			l.errs = append(l.errs, osvError(db, e))
		}
		if err != nil {
			l.errs = append(l.errs, osvError(db, err))
		} else {
			cat.AddSource(ix)
		}
	}
	return l
}

// osvError is a problem with the OSV database db, named in the message
// once.
func osvError(db string, err error) *rules.Error {
	if strings.Contains(err.Error(), db) {
		return &rules.Error{Msg: err.Error()}
	}
	return &rules.Error{File: db, Msg: err.Error()}
}

// hasSources reports whether cards may come from an OSV database.
func (l *loaded) hasSources() bool { return l.cfg.osvPath() != "" }

// reports says whether findings of card are wanted.
func (l *loaded) reports(card *rules.Card) bool { return l.cfg.Reports(card) }

// ReportsKind says whether findings of a kind that comes from no card
// (report.Retracted, report.Deprecated) at severity sev are wanted.
func (c Config) ReportsKind(id string, sev rules.Severity) bool {
	if sev.Rank() < c.MinSeverity.Rank() {
		return false
	}
	for _, d := range c.Disable {
		if strings.TrimSpace(d) == id {
			return false
		}
	}
	return true
}

// listFlag is a comma-separated list flag that may also be repeated.
type listFlag struct{ list *[]string }

func (f listFlag) String() string {
	if f.list == nil {
		return ""
	}
	return strings.Join(*f.list, ",")
}

func (f listFlag) Set(s string) error {
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*f.list = append(*f.list, x)
		}
	}
	return nil
}

type severityFlag struct{ s *rules.Severity }

func (f severityFlag) String() string {
	if f.s == nil {
		return ""
	}
	return string(*f.s)
}

func (f severityFlag) Set(s string) error {
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return err
	}
	*f.s = sev
	return nil
}

// BindFlags registers the Config's fields as flags of fs. Drivers prefix
// an analyzer's flags with its name: go vet -fixlint.rules=dir.
func (c *Config) BindFlags(fs *flag.FlagSet) {
	fs.Var(listFlag{&c.Rules}, "rules", "extra fix card `files or directories`, comma-separated")
	fs.Var(listFlag{&c.Disable}, "disable", "card `IDs` not to report, comma-separated")
	fs.Var(severityFlag{&c.MinSeverity}, "severity", "lowest `severity` to report: low, medium, high or critical")
	fs.StringVar(&c.OSV, "osv", c.OSV, "a Go vulnerability database: a `directory` of OSV records, govulncheck's -db layout, or a compiled index (fixlint osv path prints the one fixlint osv update keeps); off for none")
}

// catalogOnce loads the catalog of cfg once, the first time a pass needs it.
// The flags are final by then.
type catalogOnce struct {
	cfg  *Config
	mods *Modules // with a catalog from the driver (Modules.UseCatalog), or nil
	once sync.Once
	l    *loaded
}

func (o *catalogOnce) get() *loaded {
	o.once.Do(func() {
		if o.mods != nil && o.mods.catalog != nil {
			o.l = &loaded{cfg: *o.cfg, catalog: o.mods.catalog, errs: o.mods.catalogErrs}
			return
		}
		o.l = o.cfg.load()
	})
	return o.l
}

// Catalog loads the catalog the Config describes: the embedded cards and
// the user's, less nothing (disabled cards stay in the catalog, so that
// upgrade advice still steers clear of them). Problems in user card files
// are returned; the valid cards are in the catalog.
func (c Config) Catalog() (*rules.Catalog, rules.Errors) {
	l := c.load()
	return l.catalog, l.errs
}

// Reports says whether the Config wants findings of card.
func (c Config) Reports(card *rules.Card) bool {
	if card.Severity.Rank() < c.MinSeverity.Rank() {
		return false
	}
	for _, id := range c.Disable {
		if strings.TrimSpace(id) == card.ID {
			return false
		}
	}
	return true
}
