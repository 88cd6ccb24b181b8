package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one rule
// per card, results with exact regions. Only the properties fixlint fills
// are declared.
type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	AutomationDetails  *sarifAutomation         `json:"automationDetails,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
	Invocations        []sarifInvocation        `json:"invocations,omitempty"`
	ColumnKind         string                   `json:"columnKind"`
	Properties         map[string]any           `json:"properties,omitempty"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri"`
	Version        string `json:"version"`
	// SemanticVersion is the version when it is a semantic one (a
	// release or pseudo-version, not a source build's "(devel)").
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
	// Properties hold what fixlint knew for this run, as in the JSON
	// config message: the catalog, the Go version that built fixlint and
	// the OSV database (records, newest modification), when one was used.
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	HelpURI              string         `json:"helpUri,omitempty"`
	Help                 sarifMessage   `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

// sarifPrinter buffers everything and writes one SARIF log on flush.
type sarifPrinter struct {
	w        io.Writer
	rules    []sarifRule
	index    map[string]int
	results  []sarifResult
	failures []sarifNotification
	skipped  []sarifNotification // what was left out on purpose (summary)
	props    map[string]any
	// root is the directory URIs are relative to (see repositoryRoot);
	// automation the run's automationDetails.id. scope sets them.
	root       string
	automation string
	sources    sourceLines
	dropped    int             // results beyond maxSARIFResults
	osv        func() *dbFacts // the database's facts; nil without -osv
}

func newSARIFPrinter(w io.Writer) *sarifPrinter {
	return &sarifPrinter{w: w, index: make(map[string]int), sources: make(sourceLines)}
}

// scope says what was checked, before the first finding: the main module
// directories (none when the build list could not be loaded), the package
// patterns and the -scan mode. It sets the root of the URIs and the run's
// category.
func (p *sarifPrinter) scope(mainDirs, patterns []string, scan string) {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	p.root = repositoryRoot(mainDirs, wd)
	p.automation = automationID(mainDirs, p.root, patterns, scan)
}

func (p *sarifPrinter) progress(string) {}

func (p *sarifPrinter) error(e error) {
	p.failures = append(p.failures, sarifNotification{Level: "error", Message: sarifText{e.Error()}})
}

// config records the configuration file in the run's properties
// (configFile; configIgnored for one found above the project, not used).
func (p *sarifPrinter) config(used, ignored string) {
	for key, path := range map[string]string{"configFile": used, "configIgnored": ignored} {
		if path == "" {
			continue
		}
		if p.props == nil {
			p.props = make(map[string]any)
		}
		p.props[key] = filepath.ToSlash(relative(path))
	}
}

func (p *sarifPrinter) card(c *rules.Card) {
	if _, ok := p.index[c.ID]; ok {
		return
	}
	var md strings.Builder
	rules.WriteMarkdown(&md, c, "#")
	full := c.WhatBroke
	if full == "" {
		full = c.Title // OSV records have a summary and details, no symptom
	}
	props := map[string]any{"tags": []string{"fixlint", string(c.Kind), c.Module}}
	if c.Kind.Vulnerability() {
		// GitHub code scanning reads security-severity only on rules
		// tagged "security", and then files the alerts as security ones:
		// a bug card is not a vulnerability.
		props["security-severity"] = securitySeverity(c)
	}
	p.index[c.ID] = len(p.rules)
	p.rules = append(p.rules, sarifRule{
		ID:                   c.ID,
		Name:                 ruleName(c.ID),
		ShortDescription:     sarifText{c.Title},
		FullDescription:      sarifText{full},
		HelpURI:              c.Links.Primary(),
		Help:                 sarifMessage{Text: c.Title + ". " + c.Why, Markdown: md.String()},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(string(c.Severity))},
		Properties:           props,
	})
}

// noteRule describes findings about fixlint's own input.
func (p *sarifPrinter) noteRule(id string) int {
	if i, ok := p.index[id]; ok {
		return i
	}
	text := map[string]string{
		"unknown-version": "a dependency's version cannot be known (replaced by a directory or a fork)",
		"ignore":          "a fixlint:ignore directive that is malformed or silences nothing",
		"card-error":      "a card file that could not be read",
		report.Retracted:  "a module version that its authors retracted (a retract directive in the module's latest go.mod)",
		report.Deprecated: "a module that its authors deprecated (a Deprecated comment in the module's latest go.mod)",
	}[id]
	if text == "" {
		text = "a note from fixlint"
	}
	p.index[id] = len(p.rules)
	p.rules = append(p.rules, sarifRule{
		ID: id, ShortDescription: sarifText{text}, FullDescription: sarifText{text},
		Help: sarifMessage{Text: text}, DefaultConfiguration: sarifConfig{Level: "note"},
	})
	return p.index[id]
}

// maxSARIFResults is the most results GitHub code scanning accepts in
// one run; it rejects a larger upload whole. The rest are left out and a
// notification says so, rather than losing every finding.
const maxSARIFResults = 25000

func (p *sarifPrinter) finding(f report.Finding) {
	if len(p.results) >= maxSARIFResults {
		p.dropped++
		return
	}
	idx, ok := p.index[f.Card]
	if !ok {
		idx = p.noteRule(f.Card)
	}
	pos := f.Position
	region := sarifRegion{StartLine: pos.Line, StartColumn: pos.Col, EndLine: pos.EndLine, EndColumn: pos.EndCol}
	if region.StartLine < 1 {
		region.StartLine = 1
	}
	loc := artifactLocation(p.root, pos.File)
	props := map[string]any{"fixlintLevel": string(f.Level)}
	if f.Severity != "" {
		props["severity"] = f.Severity
	}
	p.results = append(p.results, sarifResult{
		RuleID: f.Card, RuleIndex: idx, Level: resultLevel(f.Level), Message: sarifText{f.Message},
		Locations: []sarifLocation{{PhysicalLocation: &sarifPhysical{ArtifactLocation: loc, Region: region}}},
		PartialFingerprints: map[string]string{
			fingerprintKey: fingerprintHash(f.Card, f.Module, loc.URI, p.sources.fingerprintText(f)),
		},
		Properties: props,
	})
}

// resultLevel is a result's SARIF level, from how close the finding is to
// the code: a symbol the code reaches is an error, an imported package a
// warning, a module that is only required a note, as are notes about
// fixlint's input. How bad the problem is stays in the rule's
// security-severity and the result's severity property.
func resultLevel(l report.Level) string {
	switch l {
	case report.SymbolLevel:
		return "error"
	case report.PackageLevel:
		return "warning"
	}
	return "note"
}

// summary says, as a notification, how many findings in unused modules
// were left out: a code scanning alert is for code the program builds.
func (p *sarifPrinter) summary(s summary) {
	if s.hidden {
		p.skipped = append(p.skipped, sarifNotification{Level: "note", Message: sarifText{
			fmt.Sprintf("not included: %s in %s that no checked package uses (indirect requirements); fixlint -format sarif -show unused includes them",
				report.Count(s.unused, "finding"), report.Count(s.unusedModules, "required module"))}})
	}
}

func (p *sarifPrinter) flush() error {
	if p.rules == nil {
		p.rules = []sarifRule{}
	}
	if p.results == nil {
		p.results = []sarifResult{}
	}
	if p.dropped > 0 {
		p.failures = append(p.failures, sarifNotification{Level: "error", Message: sarifText{
			fmt.Sprintf("%d more findings were left out: GitHub code scanning accepts at most %d results in a run; use -format json for all of them", p.dropped, maxSARIFResults)}})
	}
	numberOccurrences(p.results)
	facts := p.toolFacts()
	notes := append(p.failures, p.skipped...)
	if db, ok := facts["db"].(*dbFacts); ok && db.Warning != "" {
		// An old database is a warning, not a failed run.
		notes = append(notes, sarifNotification{Level: "warning", Message: sarifText{db.Warning}})
	}
	var bases map[string]sarifArtifact
	if p.root != "" {
		bases = map[string]sarifArtifact{srcRoot: {URI: rootURI(p.root)}}
	}
	var automation *sarifAutomation
	if p.automation != "" {
		automation = &sarifAutomation{ID: p.automation}
	}
	log := sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "fixlint", InformationURI: "https://github.com/fixlint/fixlint",
				Version: version(), SemanticVersion: semanticVersion(version()), Rules: p.rules,
				Properties: facts,
			}},
			AutomationDetails:  automation,
			OriginalURIBaseIDs: bases,
			Results:            p.results,
			Invocations:        []sarifInvocation{{ExecutionSuccessful: len(p.failures) == 0, ToolExecutionNotifications: notes}},
			// fixlint's columns count bytes, as go/token does; they equal
			// code points in ASCII text, which Go source mostly is.
			ColumnKind: "unicodeCodePoints",
			Properties: p.props,
		}},
	}
	enc := json.NewEncoder(p.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	if p.dropped > 0 {
		// The exit status says so too: a finding is never dropped silently.
		return fmt.Errorf("%d findings were left out of the SARIF log (GitHub code scanning accepts %d results in a run)", p.dropped, maxSARIFResults)
	}
	return nil
}

// toolFacts are the driver's properties: the same facts as the JSON
// config message's.
func (p *sarifPrinter) toolFacts() map[string]any {
	facts := map[string]any{"goVersion": thisBuild().GoVersion, "catalog": embeddedCatalog()}
	if p.osv != nil {
		if db := p.osv(); db != nil {
			facts["db"] = db
		}
	}
	return facts
}

func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub code scanning's 0–10 score, from the card's
// severity.
func securitySeverity(c *rules.Card) string {
	return map[rules.Severity]string{rules.Critical: "9.5", rules.High: "8.0", rules.Medium: "5.5", rules.Low: "2.0"}[c.Severity]
}

// ruleName turns FIX-0002 into a PascalCase name ("Fix0002"), as SARIF
// suggests for rule names.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.ToLower(id), "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
