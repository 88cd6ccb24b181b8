package golangci

import (
	"fmt"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/internal/vulndb"
	"github.com/fixlint/fixlint/rules"
)

// Name is the linter's name in golangci-lint's configuration.
const Name = "fixlint"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, from
// linters.settings.custom.fixlint.settings in .golangci.yml.
type Settings struct {
	// Rules are extra card files or directories.
	Rules []string `json:"rules"`
	// Disable lists card IDs not to report.
	Disable []string `json:"disable"`
	// Severity is the lowest severity reported: low (default), medium,
	// high or critical.
	Severity string `json:"severity"`
	// OSV is a Go vulnerability database: a directory of OSV records,
	// govulncheck's -db layout, an index from fixlint osv compile, or
	// OSVUpdate for the copy of fixlint osv update.
	OSV string `json:"osv"`
}

// OSVUpdate is the osv setting that names the copy of the Go vulnerability
// database that fixlint osv update keeps (a directory named update is
// ./update).
const OSVUpdate = "update"

// Config turns the settings into an analyzer configuration.
func (s Settings) Config() (analyzer.Config, error) {
	cfg := analyzer.Config{OSV: strings.TrimSpace(s.OSV)}
	if cfg.OSV == OSVUpdate {
		db, err := vulndb.Open()
		if err != nil {
			return cfg, fmt.Errorf("fixlint: setting osv: %s: %w", OSVUpdate, err)
		}
		cfg.OSV = db.Index
	}
	if sev := strings.TrimSpace(s.Severity); sev != "" {
		parsed, err := rules.ParseSeverity(sev)
		if err != nil {
			return cfg, fmt.Errorf("fixlint: setting severity: %w", err)
		}
		cfg.MinSeverity = parsed
	}
	cfg.Rules = splitList(s.Rules)
	cfg.Disable = splitList(s.Disable)
	return cfg, nil
}

// splitList trims the entries and splits comma-separated ones, as the
// command-line flags do.
func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// Plugin is fixlint as a golangci-lint module plugin.
type Plugin struct {
	cfg analyzer.Config
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings golangci-lint passes (nil when there are none)
// and returns the plugin.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("fixlint: %w", err)
	}
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	return &Plugin{cfg: cfg}, nil
}

// BuildAnalyzers returns a fresh fixlint analyzer configured by the
// settings; the analyzer's flags are not used.
//
// golangci-lint keeps each package's issues in its cache, keyed by the
// package, the settings' text and the names of the linter's analyzers. A
// database that changes under the same setting (osv: update after fixlint
// osv update, an index compiled again, a directory with new records) would
// replay the old issues of every unchanged package. So with a database, a
// second analyzer, which reports nothing, carries the database's content
// in its name: an update changes the names, and so the cache key. (Renaming
// fixlint's own analyzer would do the same, but golangci-lint prefixes
// every issue of an analyzer not named as its linter with that name.)
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	cfg := p.cfg
	cfg.Rules = append([]string(nil), cfg.Rules...)
	cfg.Disable = append([]string(nil), cfg.Disable...)
	as := []*analysis.Analyzer{analyzer.New(cfg)}
	if id := databaseID(cfg.OSV); id != "" {
		as = append(as, &analysis.Analyzer{
			Name: "fixlint_db_" + id,
			Doc:  "names the content of the vulnerability database that fixlint reads, so that golangci-lint's cache follows it; it reports nothing",
			Run:  func(*analysis.Pass) (any, error) { return nil, nil },
		})
	}
	return as, nil
}

// databaseID identifies the content of the database db, or is "" when
// there is none, or it cannot be opened: the analyzer then reports that,
// at each package, as without golangci-lint.
func databaseID(db string) string {
	if db == "" || db == analyzer.OSVOff {
		return ""
	}
	ix, _, err := osv.Open(db)
	if err != nil {
		return ""
	}
	id, err := ix.ContentID()
	if err != nil {
		return ""
	}
	return id
}

// GetLoadMode says that fixlint needs type information (and facts about
// the packages imported).
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
