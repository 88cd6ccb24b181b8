package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/rules"
)

// TestDemoSARIF checks the SARIF output against a golden file and, where
// the SARIF 2.1.0 schema is at hand (FIXLINT_SARIF_SCHEMA; .ci/run fetches
// it from the npm registry), against the schema. The demo is copied to a
// directory outside any repository, so that its module root is the root
// of the URIs.
func TestDemoSARIF(t *testing.T) {
	dir := copyDemo(t)
	if repo := nearest(dir, ".git"); repo != "" {
		t.Skipf("the temporary directory is inside a repository (%s): the URIs would be relative to it", repo)
	}
	out := sarifOf(t, dir)
	goldenSARIF(t, "demo.sarif.golden", out, dir)

	log := parseSARIF(t, out)
	run := log.Runs[0]
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %d (%s)", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
	}
	if len(run.Results) == 0 || run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "go.mod" {
		t.Errorf("want the go.mod findings first, with URIs relative to the module root")
	}
	validateSARIF(t, out)
}

// TestSubfolderSARIF checks a module in a subfolder of a repository: its
// URIs start with the subfolder, relative to the repository root (the
// directory with .git), which %SRCROOT% names, so that code scanning finds
// the files.
func TestSubfolderSARIF(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o777); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "sub")
	if err := os.CopyFS(sub, os.DirFS("../../testdata/demo")); err != nil {
		t.Fatal(err)
	}
	out := sarifOf(t, sub)
	goldenSARIF(t, "subfolder.sarif.golden", withoutTool(t, out), repo)

	run := parseSARIF(t, out).Runs[0]
	if got, want := run.OriginalURIBaseIDs["%SRCROOT%"].URI, rootURI(repo); got != want {
		t.Errorf("%%SRCROOT%% is %q, want %q", got, want)
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if !strings.HasPrefix(loc.URI, "sub/") || loc.URIBaseID != "%SRCROOT%" {
			t.Errorf("%s: artifact location %+v, want a URI under sub/ relative to %%SRCROOT%%", res.RuleID, loc)
		}
	}
	if got, want := run.AutomationDetails.ID, "fixlint/example.com/demo/"; got != want {
		t.Errorf("automationDetails.id = %q, want %q", got, want)
	}
	validateSARIF(t, out)
}

// TestSARIFFingerprintsStable moves every line of main.go down: the
// regions follow, the fingerprints stay, so code scanning keeps the
// alerts. The repository's .git is a file here, as in a worktree.
func TestSARIFFingerprintsStable(t *testing.T) {
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, ".git"), []byte("gitdir: /elsewhere/.git/worktrees/x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "sub")
	if err := os.CopyFS(sub, os.DirFS("../../testdata/demo")); err != nil {
		t.Fatal(err)
	}
	before := parseSARIF(t, sarifOf(t, sub)).Runs[0].Results
	main := filepath.Join(sub, "main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, append([]byte("\n\n\n"), src...), 0o666); err != nil {
		t.Fatal(err)
	}
	after := parseSARIF(t, sarifOf(t, sub)).Runs[0].Results
	if len(before) != len(after) || len(before) == 0 {
		t.Fatalf("%d results before, %d after", len(before), len(after))
	}
	seen := make(map[string]bool)
	for i := range before {
		b, a := before[i], after[i]
		bl, al := b.Locations[0].PhysicalLocation, a.Locations[0].PhysicalLocation
		fp := b.PartialFingerprints["fixlint/v1"]
		if fp == "" || seen[fp] {
			t.Errorf("%s at %s:%d: fingerprint %q is empty or not unique", b.RuleID, bl.ArtifactLocation.URI, bl.Region.StartLine, fp)
		}
		seen[fp] = true
		if a.PartialFingerprints["fixlint/v1"] != fp {
			t.Errorf("%s at %s:%d: fingerprint %q became %q when the line moved", b.RuleID, bl.ArtifactLocation.URI, bl.Region.StartLine, fp, a.PartialFingerprints["fixlint/v1"])
		}
		if shift := al.Region.StartLine - bl.Region.StartLine; strings.HasSuffix(bl.ArtifactLocation.URI, "main.go") && shift != 3 {
			t.Errorf("%s at %s:%d moved by %d lines, want 3", b.RuleID, bl.ArtifactLocation.URI, bl.Region.StartLine, shift)
		}
	}
}

// TestSARIFIdenticalLines: two findings of one card on identical lines of
// a file are two alerts: their fingerprints differ by an occurrence number.
func TestSARIFIdenticalLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	if err := os.WriteFile(file, []byte("package a\n\tc.SetAuthScheme(\"\")\n\tc.SetAuthScheme(\"\")\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	p := newSARIFPrinter(&buf)
	p.root = dir
	for _, line := range []int{3, 2} {
		p.finding(report.Finding{Card: "FIX-0002", Level: report.SymbolLevel, Module: "github.com/go-resty/resty/v2",
			Position: report.Position{File: file, Line: line, Col: 2}, Message: "m"})
	}
	if err := p.flush(); err != nil {
		t.Fatal(err)
	}
	res := parseSARIF(t, buf.String()).Runs[0].Results
	fp3, fp2 := res[0].PartialFingerprints["fixlint/v1"], res[1].PartialFingerprints["fixlint/v1"]
	if !strings.HasSuffix(fp2, ":1") || !strings.HasSuffix(fp3, ":2") || fp2[:len(fp2)-2] != fp3[:len(fp3)-2] {
		t.Errorf("fingerprints of lines 2 and 3: %q and %q; want one hash numbered :1 and :2 in line order", fp2, fp3)
	}
}

// TestSARIFFingerprintUnreadable: a file that cannot be read (a FIFO no
// one writes) still gets a fingerprint, without its text, and no hang.
func TestSARIFFingerprintUnreadable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	fifoAt(t, file)
	var buf bytes.Buffer
	p := newSARIFPrinter(&buf)
	p.root = dir
	p.finding(report.Finding{Card: "FIX-0002", Level: report.SymbolLevel, Position: report.Position{File: file, Line: 2, Col: 1}, Message: "m"})
	if err := p.flush(); err != nil {
		t.Fatal(err)
	}
	res := parseSARIF(t, buf.String()).Runs[0].Results
	if fp := res[0].PartialFingerprints["fixlint/v1"]; !strings.HasSuffix(fp, ":1") {
		t.Errorf("fingerprint %q, want a hash numbered :1", fp)
	}
}

func TestAutomationID(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeFile(t, filepath.Join(a, "go.mod"), "module example.com/a\n")
	writeFile(t, filepath.Join(b, "go.mod"), "module example.com/b\n")
	for _, c := range []struct {
		dirs, patterns []string
		scan, want     string
	}{
		{[]string{a}, []string{"./..."}, "package", "fixlint/example.com/a/"},
		{[]string{b}, []string{"./..."}, "package", "fixlint/example.com/b/"},
		{[]string{a}, []string{"./cmd/...", "./internal/..."}, "package", "fixlint/example.com/a/./cmd/...,./internal/.../"},
		{[]string{a}, []string{"./cmd/..."}, "module", "fixlint/example.com/a/scan=module/"},
		{[]string{a, b}, []string{"./..."}, "package", "fixlint/example.com/a,example.com/b/"},
		{[]string{filepath.Join(dir, "c")}, []string{"./..."}, "package", "fixlint/c/"},
		{nil, []string{"./..."}, "package", "fixlint/./.../"},
	} {
		if got := automationID(c.dirs, dir, c.patterns, c.scan); got != c.want {
			t.Errorf("automationID(%v, %v, %s) = %q, want %q", c.dirs, c.patterns, c.scan, got, c.want)
		}
	}
}

func TestEscapeURIPath(t *testing.T) {
	for in, want := range map[string]string{
		"sub/main.go":        "sub/main.go",
		"a b/c#d?e%f:g.go":   "a%20b/c%23d%3Fe%25f%3Ag.go",
		"ü/x.go":             "%C3%BC/x.go",
		"/tmp/repo-1.2_x~y/": "/tmp/repo-1.2_x~y/",
	} {
		if got := escapeURIPath(in); got != want {
			t.Errorf("escapeURIPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// sarifOf runs fixlint -format sarif in dir.
func sarifOf(t *testing.T, dir string) string {
	t.Helper()
	r := runIn(t, ".", hermetic(), fixlintBin, "-C", dir, "-format", "sarif", "./...")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	return r.stdout
}

// goldenSARIF compares out with a golden file, with the file URI of root
// (a temporary directory) replaced by file:///ROOT/.
func goldenSARIF(t *testing.T, name, out, root string) {
	t.Helper()
	for _, r := range []string{root, evalSymlinks(root)} {
		out = strings.ReplaceAll(out, rootURI(r), "file:///ROOT/")
	}
	if strings.Contains(out, root) || strings.Contains(out, evalSymlinks(root)) {
		t.Errorf("the SARIF output names the temporary directory %s:\n%s", root, out)
	}
	// The driver's facts change with the toolchain and the catalog; the
	// JSON config test checks what they hold.
	out = regexp.MustCompile(`"catalog": \{[^}]*\}`).ReplaceAllString(out, `"catalog": "CATALOG"`)
	out = regexp.MustCompile(`"goVersion": "[^"]*"`).ReplaceAllString(out, `"goVersion": "GOVERSION"`)
	golden(t, name, out)
}

// withoutTool drops the run's tool (the rules, the same as in
// demo.sarif.golden, and fixlint's version) from a SARIF log: a golden
// file about locations need not change with them.
func withoutTool(t *testing.T, out string) string {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	for _, run := range log["runs"].([]any) {
		delete(run.(map[string]any), "tool")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func evalSymlinks(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	return path
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct{ ID string }
			}
		}
		AutomationDetails  struct{ ID string }
		OriginalURIBaseIDs map[string]struct{ URI string }
		Results            []struct {
			RuleID              string
			RuleIndex           int
			Level               string
			PartialFingerprints map[string]string
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string
					}
					Region struct{ StartLine, StartColumn int }
				}
			}
		}
	}
}

func parseSARIF(t *testing.T, out string) sarifDoc {
	t.Helper()
	var log sarifDoc
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

// validateSARIF validates out against the SARIF 2.1.0 schema, where it is
// at hand (FIXLINT_SARIF_SCHEMA).
func validateSARIF(t *testing.T, out string) {
	t.Helper()
	schemaFile := os.Getenv("FIXLINT_SARIF_SCHEMA")
	if schemaFile == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FIXLINT_SARIF_SCHEMA is not set: .ci/run must fetch the SARIF 2.1.0 schema")
		}
		t.Log("FIXLINT_SARIF_SCHEMA not set: schema validation skipped (.ci/run sets it)")
		return
	}
	c := jsonschema.NewCompiler()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("the SARIF output does not validate against %s:\n%v", schemaFile, err)
	}
	// The validator must be able to fail: a result without a message is invalid.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"A"}]}]}`))
	if schema.Validate(bad) == nil {
		t.Error("the schema accepted a result without a message: the validation is not working")
	}
}

// TestSARIFGitHubRules checks SARIF logs (the demo, with a security card
// and a bug card, alone and in a subfolder of a repository)
// against what GitHub code scanning documents for uploads ("SARIF support
// for code scanning" and its limits on SARIF results), beyond the schema:
// what it needs to show and track an alert, and the limits past which it
// truncates or rejects a file.
func TestSARIFGitHubRules(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o777); err != nil {
		t.Fatal(err)
	}
	demoInto(t, filepath.Join(repo, "sub"))
	logs := map[string]string{"demo": sarifOf(t, copyDemo(t)), "subfolder": sarifOf(t, filepath.Join(repo, "sub"))}
	securityRules := 0
	for golden, data := range logs {
		var log sarifLog
		if err := json.Unmarshal([]byte(data), &log); err != nil {
			t.Fatalf("%s: %v", golden, err)
		}
		if n := len(log.Runs); n < 1 || n > 20 {
			t.Errorf("%s: %d runs (GitHub accepts 1 to 20 per file)", golden, n)
		}
		for _, run := range log.Runs {
			d := run.Tool.Driver
			if d.Name == "" || len(d.Rules) > 25000 || len(run.Results) > maxSARIFResults {
				t.Errorf("%s: driver %q with %d rules and %d results (limits: 25,000 each)", golden, d.Name, len(d.Rules), len(run.Results))
			}
			for _, r := range d.Rules {
				if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
					t.Errorf("%s: rule %s lacks a description or help, which the alert page shows", golden, r.ID)
				}
				tags, _ := r.Properties["tags"].([]any)
				if len(tags) > 20 {
					t.Errorf("%s: rule %s has %d tags (GitHub rejects more than 20)", golden, r.ID, len(tags))
				}
				security := false
				for _, tag := range tags {
					security = security || tag == "security"
				}
				sev, has := r.Properties["security-severity"]
				if has != security {
					t.Errorf("%s: rule %s: security-severity %v with tags %v; GitHub reads it only on rules tagged security", golden, r.ID, sev, tags)
				}
				if has {
					securityRules++
					var score float64
					if s, ok := sev.(string); !ok || json.Unmarshal([]byte(s), &score) != nil || score < 0 || score > 10 {
						t.Errorf("%s: rule %s: security-severity %v is not a number from 0.0 to 10.0", golden, r.ID, sev)
					}
				}
			}
			for i, res := range run.Results {
				if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
					t.Errorf("%s: result %d: ruleIndex %d does not name rule %s", golden, i, res.RuleIndex, res.RuleID)
				}
				if res.Message.Text == "" || len(res.PartialFingerprints) == 0 {
					t.Errorf("%s: result %d has no message or no partialFingerprints", golden, i)
				}
				if n := len(res.Locations); n < 1 || n > 1000 {
					t.Errorf("%s: result %d has %d locations (GitHub shows an alert at one, accepts up to 1,000)", golden, i, n)
				}
				for _, loc := range res.Locations {
					a := loc.PhysicalLocation.ArtifactLocation
					if a.URIBaseID != srcRoot || a.URI == "" || strings.HasPrefix(a.URI, "/") || strings.Contains(a.URI, "://") {
						t.Errorf("%s: result %d: URI %q base %q; code scanning places files relative to the repository root", golden, i, a.URI, a.URIBaseID)
					}
					if loc.PhysicalLocation.Region.StartLine < 1 {
						t.Errorf("%s: result %d: no start line", golden, i)
					}
				}
			}
		}
	}
	if securityRules == 0 {
		t.Error("no rule with a security-severity: the demo's security card (FIX-0003) should have one")
	}
}

// TestSARIFResultLimit: past the most results GitHub accepts in a run, the
// rest are left out (GitHub would reject the whole file), and the log and
// the exit status say so.
func TestSARIFResultLimit(t *testing.T) {
	var buf strings.Builder
	p := newSARIFPrinter(&buf)
	for i := range maxSARIFResults + 2 {
		p.finding(report.Finding{Card: "FIX-0002", Level: report.ModuleLevel, Message: "m",
			Position: report.Position{File: "go.mod", Line: i + 1, Col: 1}})
	}
	err := p.flush()
	if err == nil || !strings.Contains(err.Error(), "2 findings were left out") {
		t.Errorf("flush = %v, want an error counting the 2 left out", err)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(buf.String()), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != maxSARIFResults || run.Invocations[0].ExecutionSuccessful ||
		len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("%d results, invocation %+v", len(run.Results), run.Invocations[0])
	}
}

// TestSARIFToolFacts: the driver's properties hold the facts of the JSON
// config message: the catalog, the Go version, and the database in use.
func TestSARIFToolFacts(t *testing.T) {
	dir := copyDemo(t)
	db := filepath.Join(t.TempDir(), "vulndb")
	if err := os.Mkdir(db, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-2099-0002", Summary: "x", Module: "example.com/dep", Fixed: "1.0.1", Package: "example.com/dep"}); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, hermetic(), fixlintBin, "-format", "sarif", "-osv", db, "./...")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Properties struct {
						GoVersion string       `json:"goVersion"`
						Catalog   catalogFacts `json:"catalog"`
						DB        *dbFacts     `json:"db"`
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	p := log.Runs[0].Tool.Driver.Properties
	if p.GoVersion == "" || p.Catalog.Cards != len(rules.Embedded()) || p.DB == nil || p.DB.Records != 1 {
		t.Errorf("driver properties = %+v (db %+v)", p, p.DB)
	}
}
