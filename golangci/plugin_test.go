package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/golangci"
	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/rules"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("fixlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("no settings: %v", err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     analyzer.Config
		err      string // substring of the error; "" means none
	}{
		{name: "nil", settings: nil},
		{name: "empty", settings: map[string]any{}},
		{
			// The shape golangci-lint passes: a map decoded from YAML.
			name: "all",
			settings: map[string]any{
				"rules":    []any{"./fixcards", "more.yaml"},
				"disable":  []any{"FIX-0004", "FIX-0001, FIX-0003"},
				"severity": "medium",
			},
			want: analyzer.Config{
				Rules:       []string{"./fixcards", "more.yaml"},
				Disable:     []string{"FIX-0004", "FIX-0001", "FIX-0003"},
				MinSeverity: rules.Medium,
			},
		},
		{name: "unknown field", settings: map[string]any{"rule": []any{"x"}}, err: `unknown field "rule"`},
		{name: "wrong type", settings: map[string]any{"disable": "FIX-0002"}, err: "cannot unmarshal"},
		{name: "bad severity", settings: map[string]any{"severity": "urgent"}, err: `unknown severity "urgent"`},
		{name: "osv", settings: map[string]any{"osv": "/tmp/vulndb"}, want: analyzer.Config{OSV: "/tmp/vulndb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := golangci.New(tt.settings)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("New(%v) error = %v, want one containing %q", tt.settings, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%v): %v", tt.settings, err)
			}
			s, err := register.DecodeSettings[golangci.Settings](tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := s.Config()
			if err != nil {
				t.Fatal(err)
			}
			if !equalConfig(cfg, tt.want) {
				t.Errorf("config = %+v, want %+v", cfg, tt.want)
			}
			as, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || as[0].Name != "fixlint" {
				t.Fatalf("BuildAnalyzers() = %v, want one analyzer named fixlint", as)
			}
		})
	}
}

func equalConfig(a, b analyzer.Config) bool {
	return strings.Join(a.Rules, "\x00") == strings.Join(b.Rules, "\x00") &&
		strings.Join(a.Disable, "\x00") == strings.Join(b.Disable, "\x00") &&
		a.MinSeverity == b.MinSeverity && a.OSV == b.OSV
}

// TestBuildAnalyzersFresh checks that every call builds its own analyzer, so
// that two configurations in one process do not share state.
func TestBuildAnalyzersFresh(t *testing.T) {
	p, err := golangci.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	a1, _ := p.BuildAnalyzers()
	a2, _ := p.BuildAnalyzers()
	if a1[0] == a2[0] || a1[0] == analyzer.Analyzer {
		t.Error("BuildAnalyzers returned a shared analyzer")
	}
}

const fix0002 = "../testdata/cards/FIX-0002.txtar"

// TestBuildAnalyzersRun runs the plugin's analyzer on card FIX-0002's fixture
// at the affected version: every "// want" must be reported.
func TestBuildAnalyzersRun(t *testing.T) {
	a, err := fixture.Load(fix0002)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture tests FIX-0002 alone: disable every other card, through
	// the plugin's settings.
	var others []any
	for _, c := range rules.Embedded() {
		if c.ID != "FIX-0002" {
			others = append(others, c.ID)
		}
	}
	p, err := golangci.New(map[string]any{"disable": others})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, false); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, dir, as[0], "./...")
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category == "FIX-0002" {
				n++
			}
		}
	}
	if n == 0 {
		t.Error("FIX-0002 reported nothing")
	}
}

// TestSeverityFilters checks that the severity setting reaches the
// analyzer: above the card's severity, the fixture reports nothing.
func TestSeverityFilters(t *testing.T) {
	a, err := fixture.Load(fix0002)
	if err != nil {
		t.Fatal(err)
	}
	var card *rules.Card
	for _, c := range rules.Embedded() {
		if c.ID == "FIX-0002" {
			card = c
		}
	}
	if card == nil {
		t.Fatal("no card FIX-0002 in the catalog")
	}
	var above string
	for _, s := range []rules.Severity{rules.Low, rules.Medium, rules.High, rules.Critical} {
		if s.Rank() > card.Severity.Rank() {
			above = string(s)
			break
		}
	}
	if above == "" {
		t.Skipf("FIX-0002 is %s: no severity above it", card.Severity)
	}
	p, err := golangci.New(map[string]any{"severity": above})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	dir := t.TempDir()
	// strip: no "// want", so any diagnostic fails the test.
	if err := a.Write(dir, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, as[0], "./...")
}
