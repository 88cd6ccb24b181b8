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
)

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
