package analyzer

import (
	"flag"
	"fmt"
	"strings"
	"sync"

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
}

// loaded is a Config's catalog, built once per process and shared read-only
// by every pass (drivers run passes in parallel).
type loaded struct {
	catalog  *rules.Catalog
	errs     rules.Errors // problems in user card files; the rest still load
	disabled map[string]bool
	min      int
}

func (c Config) load() *loaded {
	l := &loaded{disabled: make(map[string]bool), min: 1}
	cards := rules.Embedded()
	if len(c.Rules) > 0 {
		user, errs := rules.LoadFiles(c.Rules)
		l.errs = append(l.errs, errs...)
		cards = append(append([]*rules.Card(nil), cards...), user...)
	}
	cat, errs := rules.NewCatalog(cards)
	l.catalog = cat
	l.errs = append(l.errs, errs...)
	for _, id := range c.Disable {
		l.disabled[strings.TrimSpace(id)] = true
	}
	if c.MinSeverity != "" {
		l.min = c.MinSeverity.Rank()
	}
	return l
}

// reports says whether findings of card are wanted.
func (l *loaded) reports(card *rules.Card) bool {
	return !l.disabled[card.ID] && card.Severity.Rank() >= l.min
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

// bindFlags registers the Config's fields as flags of fs. Drivers prefix
// them with the analyzer's name: go vet -fixlint.rules=dir.
func (c *Config) bindFlags(fs *flag.FlagSet) {
	fs.Var(listFlag{&c.Rules}, "rules", "extra fix card `files or directories`, comma-separated")
	fs.Var(listFlag{&c.Disable}, "disable", "card `IDs` not to report, comma-separated")
	fs.Var(severityFlag{&c.MinSeverity}, "severity", "lowest `severity` to report: low, medium, high or critical")
}

// catalogOnce loads the catalog of cfg once, the first time a pass needs it.
// The flags are final by then.
type catalogOnce struct {
	cfg  *Config
	once sync.Once
	l    *loaded
}

func (o *catalogOnce) get() *loaded {
	o.once.Do(func() { o.l = o.cfg.load() })
	return o.l
}

func (l *loaded) String() string {
	return fmt.Sprintf("%d cards", len(l.catalog.Cards()))
}
