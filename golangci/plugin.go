package golangci

import (
	"fmt"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/fixlint/fixlint/analyzer"
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
	// govulncheck's -db layout, or an index from fixlint osv compile.
	OSV string `json:"osv"`
}

// Config turns the settings into an analyzer configuration.
func (s Settings) Config() (analyzer.Config, error) {
	cfg := analyzer.Config{OSV: strings.TrimSpace(s.OSV)}
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
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	cfg := p.cfg
	cfg.Rules = append([]string(nil), cfg.Rules...)
	cfg.Disable = append([]string(nil), cfg.Disable...)
	return []*analysis.Analyzer{analyzer.New(cfg)}, nil
}

// GetLoadMode says that fixlint needs type information (and facts about
// the packages imported).
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
