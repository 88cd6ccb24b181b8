// Package osv reads OSV records (https://ossf.github.io/osv-schema/) as the
// Go vulnerability database publishes them, and turns them into fix cards.
//
// Records come from a directory of GO-YYYY-NNNN.json files, or from a
// database in the layout govulncheck's -db flag reads (index/db.json,
// index/modules.json, ID/<id>.json). Nothing is read from the network.
package osv

import "time"

// Entry is an OSV record, as far as fixlint uses it. Decoding is lenient
// (the schema grows); Validate checks what fixlint relies on.
type Entry struct {
	SchemaVersion    string           `json:"schema_version,omitempty"`
	ID               string           `json:"id"`
	Modified         time.Time        `json:"modified"`
	Published        time.Time        `json:"published"`
	Withdrawn        *time.Time       `json:"withdrawn,omitempty"`
	Aliases          []string         `json:"aliases,omitempty"`
	Summary          string           `json:"summary,omitempty"`
	Details          string           `json:"details"`
	Affected         []Affected       `json:"affected"`
	References       []Reference      `json:"references,omitempty"`
	DatabaseSpecific DatabaseSpecific `json:"database_specific,omitempty"`
}

// Affected is one module (OSV "package") that a record affects.
type Affected struct {
	Module            Module            `json:"package"`
	Ranges            []Range           `json:"ranges,omitempty"`
	EcosystemSpecific EcosystemSpecific `json:"ecosystem_specific"`
}

// Module names a Go module; "stdlib" and "toolchain" stand for the standard
// library and the go command.
type Module struct {
	Path      string `json:"name"`
	Ecosystem string `json:"ecosystem"`
}

// Range is a list of events in OSV's SEMVER form: versions without the
// leading "v", and introduced "0" for the beginning.
type Range struct {
	Type   string       `json:"type"`
	Events []RangeEvent `json:"events"`
}

// RangeEvent has exactly one of Introduced and Fixed.
type RangeEvent struct {
	Introduced string `json:"introduced,omitempty"`
	Fixed      string `json:"fixed,omitempty"`
}

// EcosystemSpecific holds the Go-specific package and symbol data.
type EcosystemSpecific struct {
	Packages []Package `json:"imports,omitempty"`
}

// Package is an affected package and, if known, its affected symbols
// ("Func", "Type.Method").
type Package struct {
	Path    string   `json:"path"`
	GOOS    []string `json:"goos,omitempty"`
	GOARCH  []string `json:"goarch,omitempty"`
	Symbols []string `json:"symbols,omitempty"`
}

// Reference is a link: type ADVISORY, ARTICLE, REPORT, FIX, PACKAGE, WEB.
type Reference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// DatabaseSpecific is the Go database's own data.
type DatabaseSpecific struct {
	URL          string `json:"url,omitempty"`
	ReviewStatus string `json:"review_status,omitempty"`
}

const (
	// Stdlib is the module path OSV uses for the standard library.
	Stdlib = "stdlib"
	// Toolchain is the module path OSV uses for the go command.
	Toolchain = "toolchain"
)
