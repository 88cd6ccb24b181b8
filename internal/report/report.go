// Package report defines fixlint's findings as the standalone command
// prints them, in every output format.
package report

import "fmt"

// Level says how close a finding is to the code: as govulncheck has it,
// a module required, a package imported, a symbol used.
type Level string

const (
	ModuleLevel  Level = "module"  // a go.mod require line
	PackageLevel Level = "package" // an import
	SymbolLevel  Level = "symbol"  // a call site, literal or assignment
	NoteLevel    Level = "note"    // about fixlint's input: unknown versions, stale ignores
	// UnusedLevel: a go.mod require line of a module that provides no
	// package to the packages checked (an indirect requirement kept for
	// the module graph, or a tool's). Its code is not built, so the
	// problem cannot reach the program; the default text and SARIF output
	// count such findings instead of listing them.
	UnusedLevel Level = "unused"
)

// Shown reports whether the default output lists a finding of level l.
func (l Level) Shown() bool { return l != UnusedLevel }

// Position is a range in a file; lines and columns are 1-based, columns
// count bytes as go/token does.
type Position struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"end_line,omitempty"`
	EndCol  int    `json:"end_col,omitempty"`
}

func (p Position) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Finding is one thing fixlint reports.
type Finding struct {
	Card     string   `json:"card"` // card ID, or "ignore", "unknown-version", ...
	Level    Level    `json:"level"`
	Severity string   `json:"severity,omitempty"`
	Module   string   `json:"module,omitempty"`
	Version  string   `json:"version,omitempty"`
	Fixed    string   `json:"fixed_version,omitempty"` // the version to upgrade to
	Position Position `json:"position"`
	Message  string   `json:"message"`
	URL      string   `json:"url,omitempty"`
	// Command upgrades the module (go get m@v), for module findings.
	Command string `json:"command,omitempty"`
}

// Kinds of finding that come from no card, by the ID that findings,
// ignore directives and the configuration use for them.
const (
	// UnknownVersion: a module's version cannot be compared with a card's
	// ranges (a directory replace, a fork).
	UnknownVersion = "unknown-version"
	// Retracted: the module's authors retracted the version in use.
	Retracted = "retracted"
	// Deprecated: the module's authors deprecated the module.
	Deprecated = "deprecated"
)

// IgnorableKind reports whether id names a kind of finding that comes
// from no card, which an ignore directive may name.
func IgnorableKind(id string) bool {
	return id == UnknownVersion || id == Retracted || id == Deprecated
}
