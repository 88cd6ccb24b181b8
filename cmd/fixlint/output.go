package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// printer writes a run's results in one format.
type printer interface {
	// config names the configuration file in use (used), or one that was
	// found above the project and not used (ignored); it comes first.
	config(used, ignored string)
	error(error)
	// progress says what a long run is doing (JSON's progress message;
	// in text, a line on a terminal's standard error).
	progress(msg string)
	card(*rules.Card)
	finding(report.Finding)
	// summary comes after the findings: how many there are at each level,
	// and how many were left out.
	summary(summary)
	flush() error
}

func newPrinter(format string, w, errw io.Writer) printer {
	if format == "sarif" {
		return newSARIFPrinter(w)
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // messages quote code: keep <, > and & readable
		return &jsonPrinter{enc: enc}
	}
	return &textPrinter{w: w, errw: errw, terminal: isTerminal(errw)}
}

// isTerminal reports whether w is a terminal (a character device), where
// progress lines help; in a pipe or a file they would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// textPrinter prints file:line:col: message, as go vet does, with paths
// relative to the working directory; errors go to errw (standard error).
type textPrinter struct {
	w, errw  io.Writer
	terminal bool // errw is a terminal: progress lines go there
	err      error
}

func (p *textPrinter) progress(msg string) {
	if p.terminal {
		fmt.Fprintf(p.errw, "fixlint: %s...\n", msg)
	}
}

func (p *textPrinter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// config says which configuration file applies, on standard error: a
// file that changes what is reported must never act unseen.
func (p *textPrinter) config(used, ignored string) {
	if used != "" {
		fmt.Fprintf(p.errw, "fixlint: using config %s\n", relative(used))
	}
	if ignored != "" {
		fmt.Fprintf(p.errw, "fixlint: not using %s: it is outside this project (the search for %s stops at the module's repository root, or at the module root outside a repository); pass -config to use it\n", relative(ignored), configFileName)
	}
}

func (p *textPrinter) error(e error) { fmt.Fprintf(p.errw, "fixlint: %v\n", e) }

func (p *textPrinter) card(*rules.Card) {}

func (p *textPrinter) finding(f report.Finding) {
	pos := f.Position
	pos.File = relative(pos.File)
	p.printf("%s: %s\n", pos, f.Message)
}

// summary goes to standard error, as govulncheck's closing lines do to
// its text: standard output stays one finding per line for editors and
// scripts that parse it.
func (p *textPrinter) summary(s summary) {
	if line := s.String(); line != "" {
		fmt.Fprintf(p.errw, "fixlint: %s\n", line)
	}
}

func (p *textPrinter) flush() error { return p.err }

// ProtocolVersion is the version of the JSON stream. It changes when a
// field changes meaning or goes away; new fields may appear without it.
const ProtocolVersion = "v1"

// jsonPrinter writes a stream of JSON objects, one per line, each with one
// key: "config" first, then "error", "card" and "finding" messages.
type jsonPrinter struct {
	enc     *json.Encoder
	cfg     jsonConfig
	osv     func() *dbFacts // the database's facts, once counted; nil without -osv
	started bool
	err     error
}

type jsonConfig struct {
	ProtocolVersion string `json:"protocol_version"`
	ScannerName     string `json:"scanner_name"`
	// ConfigFile is the configuration file used; ConfigIgnored a
	// .fixlint.yaml found above the project and not used.
	ConfigFile    string `json:"config_file,omitempty"`
	ConfigIgnored string `json:"config_ignored,omitempty"`
	// What fixlint knows and how fresh it is: its version (a module
	// version, "(devel)" for a source build), the Go version that built
	// it, the embedded catalog and the OSV database, when one is used.
	ScannerVersion string       `json:"scanner_version"`
	GoVersion      string       `json:"go_version"`
	Catalog        catalogFacts `json:"catalog"`
	DB             *dbFacts     `json:"db,omitempty"`
	// What was asked for: the -scan mode (package or module), the package
	// patterns (none with -scan module), test files or not, build tags,
	// and where retractions and deprecations were read (-published).
	ScanMode  string   `json:"scan_mode"`
	Patterns  []string `json:"patterns,omitempty"`
	Tests     bool     `json:"tests"`
	Tags      []string `json:"tags,omitempty"`
	Published string   `json:"published"`
}

type jsonProgress struct {
	Message string `json:"message"`
}

// summary adds nothing to JSON: every finding is there, with its level.
func (p *jsonPrinter) summary(summary) {}

func (p *jsonPrinter) progress(msg string) { p.emit("progress", jsonProgress{msg}) }

// scope records what the run checks, for the config message.
func (p *jsonPrinter) scope(scan string, patterns []string, tests bool, tags []string, published string) {
	p.cfg.ScanMode, p.cfg.Tests, p.cfg.Tags, p.cfg.Published = scan, tests, tags, published
	if scan != "module" {
		p.cfg.Patterns = patterns
	}
}

type jsonCard struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Module     string   `json:"module"`
	Kind       string   `json:"kind"`
	Severity   string   `json:"severity"`
	Affected   string   `json:"affected"`
	FirstFixed string   `json:"first_fixed,omitempty"`
	Aliases    []string `json:"aliases,omitempty"`
	URL        string   `json:"url,omitempty"`
}

type jsonError struct {
	Message string `json:"message"`
}

func (p *jsonPrinter) config(used, ignored string) {
	if used != "" {
		p.cfg.ConfigFile = relative(used)
	}
	if ignored != "" {
		p.cfg.ConfigIgnored = relative(ignored)
	}
}

// start writes the config message, once, before any other.
func (p *jsonPrinter) start() {
	if p.started {
		return
	}
	p.started = true
	p.cfg.ProtocolVersion, p.cfg.ScannerName = ProtocolVersion, "fixlint"
	b := thisBuild()
	p.cfg.ScannerVersion, p.cfg.GoVersion, p.cfg.Catalog = b.Version, b.GoVersion, embeddedCatalog()
	if p.osv != nil {
		p.cfg.DB = p.osv()
	}
	p.write("config", p.cfg)
}

func (p *jsonPrinter) emit(key string, v any) {
	p.start()
	p.write(key, v)
}

func (p *jsonPrinter) write(key string, v any) {
	if p.err == nil {
		p.err = p.enc.Encode(map[string]any{key: v})
	}
}

func (p *jsonPrinter) error(e error) { p.emit("error", jsonError{e.Error()}) }

func (p *jsonPrinter) card(c *rules.Card) { p.emit("card", newJSONCard(c)) }

func newJSONCard(c *rules.Card) jsonCard {
	return jsonCard{
		ID: c.ID, Title: c.Title, Module: c.Module, Kind: string(c.Kind), Severity: string(c.Severity),
		Affected: rules.RangeString(c), FirstFixed: c.FirstFixed(), Aliases: c.Aliases, URL: c.Links.Primary(),
	}
}

func (p *jsonPrinter) finding(f report.Finding) {
	f.Position.File = relative(f.Position.File)
	p.emit("finding", f)
}

func (p *jsonPrinter) flush() error {
	p.start() // an empty run still says which protocol it speaks
	return p.err
}
