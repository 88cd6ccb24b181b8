package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixlintBin is the command under test, built once.
var fixlintBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "fixlint-bin")
	if err != nil {
		panic(err)
	}
	fixlintBin = filepath.Join(dir, "fixlint")
	if runtime.GOOS == "windows" {
		fixlintBin += ".exe"
	}
	// -buildvcs=false: the version in the outputs is "(devel)" wherever
	// the tests run, so that the golden files hold.
	if out, err := exec.Command("go", "build", "-buildvcs=false", "-o", fixlintBin, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	isolateCache(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// isolateCache keeps every fixlint the tests run out of the user's cache:
// a database downloaded there by fixlint osv update would otherwise join
// every check that names none. The go command's build cache stays (it is
// under the user cache by default, and an empty one would make each test
// compile the standard library again); tests that need a cache of their
// own set XDG_CACHE_HOME or FIXLINT_CACHE again.
func isolateCache(dir string) {
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		panic(err)
	}
	os.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	os.Unsetenv("FIXLINT_CACHE")
}

// hermetic is the environment of every command a test runs: no network,
// no workspace from outside.
func hermetic(extra ...string) []string {
	return append(os.Environ(), append([]string{"GOPROXY=off", "GOWORK=off", "GOFLAGS="}, extra...)...)
}

type runResult struct {
	stdout, stderr string
	code           int
}

func runIn(t *testing.T, dir string, env []string, name string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return runResult{stdout.String(), stderr.String(), code}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

// copyDemo copies testdata/demo to a temporary directory.
func copyDemo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/demo")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// setVersions rewrites the demo's go.mod and vendor/modules.txt to other
// versions of its dependencies.
func setVersions(t *testing.T, dir string, repl ...string) {
	t.Helper()
	r := strings.NewReplacer(repl...)
	for _, f := range []string{"go.mod", "vendor/modules.txt"} {
		p := filepath.Join(dir, f)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(r.Replace(string(data))), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDemoText(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "-C", "../../testdata/demo", "./...")
	if r.code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", r.code, exitFindings, r.stderr)
	}
	golden(t, "demo.txt.golden", r.stdout)
}

// TestDemoScanModule: -scan module gives the go.mod findings alone.
func TestDemoScanModule(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "-C", "../../testdata/demo", "-scan", "module")
	if r.code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", r.code, exitFindings, r.stderr)
	}
	golden(t, "demo-module.txt.golden", r.stdout)
	if r := runIn(t, ".", hermetic(), fixlintBin, "-scan", "symbols"); r.code != exitUsage || !strings.Contains(r.stderr, `unknown -scan "symbols"`) {
		t.Errorf("-scan symbols: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDemoJSON(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "-C", "../../testdata/demo", "-format", "json", "./...")
	if r.code != exitOK {
		t.Errorf("exit %d, want 0 (json is for programs); stderr:\n%s", r.code, r.stderr)
	}
	golden(t, "demo.json.golden", stableConfig(t, r.stdout))
}

// stableConfig checks the facts of the JSON config message that change
// with the toolchain and the catalog, and replaces them with placeholders,
// so that the golden file holds across Go versions and new cards.
func stableConfig(t *testing.T, stream string) string {
	t.Helper()
	first, rest, _ := strings.Cut(stream, "\n")
	var msg struct{ Config jsonConfig }
	if err := json.Unmarshal([]byte(first), &msg); err != nil {
		t.Fatalf("first line: %v\n%s", err, first)
	}
	if got, want := msg.Config.GoVersion, goVersion(t); got != want {
		t.Errorf("go_version %q, want %q", got, want)
	}
	if got, want := msg.Config.Catalog, embeddedCatalog(); got != want {
		t.Errorf("catalog %+v, want %+v", got, want)
	}
	first = regexp.MustCompile(`"go_version":"[^"]*"`).ReplaceAllString(first, `"go_version":"GOVERSION"`)
	first = regexp.MustCompile(`"catalog":\{[^}]*\}`).ReplaceAllString(first, `"catalog":"CATALOG"`)
	return first + "\n" + rest
}

// goVersion is the version of the go command that built the binary
// under test.
func goVersion(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// TestDemoFixedVersions: at the first fixed versions, nothing is reported.
func TestDemoFixedVersions(t *testing.T) {
	dir := copyDemo(t)
	setVersions(t, dir, "v2.16.3", "v2.16.5", "v0.143.0", "v0.144.0")
	r := runIn(t, dir, hermetic(), fixlintBin, "./...")
	if r.code != exitOK || r.stdout != "" {
		t.Errorf("exit %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestGoVet runs fixlint the way most users will: as go vet's tool.
func TestGoVet(t *testing.T) {
	dir := copyDemo(t)
	r := runIn(t, dir, hermetic(), "go", "vet", "-vettool="+fixlintBin, "./...")
	if r.code == 0 {
		t.Errorf("go vet exited 0 on the affected demo")
	}
	for _, want := range []string{
		"main.go:11:2: github.com/go-resty/resty/v2 v2.16.3 is affected by FIX-0002",
		`main.go:17:23: SetAuthScheme("") does not remove the scheme`,
		"main.go:22:8: this ValidationHandler has no AuthenticationFunc",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "go.mod:") {
		t.Errorf("go vet reported in go.mod, which analyzers must not do:\n%s", r.stderr)
	}

	// Flags reach the analyzer through go vet.
	r = runIn(t, dir, hermetic(), "go", "vet", "-vettool="+fixlintBin, "-fixlint.disable=FIX-0002,FIX-0003", "./...")
	if r.code != 0 || strings.Contains(r.stderr, "FIX-") {
		t.Errorf("with every card disabled: exit %d\n%s", r.code, r.stderr)
	}

	// A fresh copy: in vendor mode without -trimpath, go vet's cache key of
	// a dependency holds its directory and files but not its version, so
	// the same directory with the same vendored files would replay the old
	// facts (see the README's note on go vet's cache).
	dir = copyDemo(t)
	setVersions(t, dir, "v2.16.3", "v2.16.5", "v0.143.0", "v0.144.0")
	r = runIn(t, dir, hermetic(), "go", "vet", "-vettool="+fixlintBin, "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("at the fixed versions go vet says (exit %d):\n%s", r.code, r.stderr)
	}
}

func TestExplain(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "explain", "FIX-0002")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "explain-FIX-0002.golden", r.stdout)

	r = runIn(t, ".", hermetic(), fixlintBin, "explain", "GHSA-r277-6w6q-xmqw")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# FIX-0003:") {
		t.Errorf("explain by alias: exit %d\n%s", r.code, r.stdout)
	}
	r = runIn(t, ".", hermetic(), fixlintBin, "explain", "NOPE-1")
	if r.code != exitError || !strings.Contains(r.stderr, "no card NOPE-1") {
		t.Errorf("explain of an unknown ID: exit %d, %s", r.code, r.stderr)
	}
}

// TestExplainLookup: IDs in any case, flags after the ID, the database
// from the configuration file, and help for an ID that is no card.
func TestExplainLookup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "vulndb")
	if err := os.Mkdir(db, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-2099-0001", Aliases: []string{"GHSA-abcd-efgh-ijkl"}, Summary: "Do leaks",
		Module: "example.com/dep", Fixed: "1.0.1", Package: "example.com/dep", Symbols: []string{"Do"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"explain", "fix-0002"}, "# FIX-0002:"},
		{[]string{"explain", "ghsa-R277-6w6q-xmqw"}, "# FIX-0003:"},
		{[]string{"explain", "go-2099-0001", "-osv", db}, "# GO-2099-0001:"},
		{[]string{"explain", "-osv", db, "GHSA-ABCD-efgh-ijkl"}, "# GO-2099-0001:"},
	} {
		r := runIn(t, dir, hermetic(), fixlintBin, tc.args...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, tc.want) {
			t.Errorf("fixlint %v: exit %d, want a card starting %q\n%s%s", tc.args, r.code, tc.want, r.stdout, r.stderr)
		}
	}

	// Without a database, a GO- ID says how to give one.
	r := runIn(t, dir, hermetic(), fixlintBin, "explain", "GO-2099-0001")
	if r.code != exitError || !strings.Contains(r.stderr, "pass -osv DIR, or set osv: in .fixlint.yaml") {
		t.Errorf("a GO- ID without a database: exit %d\n%s", r.code, r.stderr)
	}
	// With the database named by the configuration file, it is known.
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
	writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "osv: vulndb\n")
	r = runIn(t, dir, hermetic(), fixlintBin, "explain", "GO-2099-0001")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "# GO-2099-0001:") {
		t.Errorf("a GO- ID with osv: in .fixlint.yaml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A near miss names the closest IDs.
	r = runIn(t, dir, hermetic(), fixlintBin, "explain", "FIX-002")
	if r.code != exitError || !strings.Contains(r.stderr, "did you mean FIX-0002") {
		t.Errorf("explain FIX-002: exit %d\n%s", r.code, r.stderr)
	}
}

// TestRulesListJSON: one object per card and line, the card message's
// shape; golden for the resty cards.
func TestRulesListJSON(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "rules", "list", "-format", "json", "-module", "resty")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "rules-list-resty.json.golden", r.stdout)
	all := runIn(t, ".", hermetic(), fixlintBin, "rules", "list", "-format", "json")
	lines := strings.Split(strings.TrimSpace(all.stdout), "\n")
	if len(lines) != len(rules.Embedded()) {
		t.Errorf("%d lines for %d cards", len(lines), len(rules.Embedded()))
	}
	for _, l := range lines {
		var c jsonCard
		if err := json.Unmarshal([]byte(l), &c); err != nil || c.ID == "" || c.Module == "" || c.Affected == "" {
			t.Errorf("line %q: %+v, %v", l, c, err)
		}
	}
	if r := runIn(t, ".", hermetic(), fixlintBin, "rules", "list", "-format", "yaml"); r.code != exitUsage {
		t.Errorf("-format yaml: exit %d, want %d", r.code, exitUsage)
	}
}

func TestRulesList(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "rules", "list", "-module", "resty")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"ID  ", "FIX-0002  github.com/go-resty/resty/v2  bug", "v2.16.4"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rules list lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "kin-openapi") {
		t.Errorf("-module resty lists other modules:\n%s", r.stdout)
	}
}

func TestRulesCheck(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "rules", "check", "../../rules/cards")
	if r.code != 0 {
		t.Errorf("the embedded cards do not pass rules check (exit %d):\n%s", r.code, r.stderr)
	}
	r = runIn(t, ".", hermetic(), fixlintBin, "rules", "check", "../../rules/testdata/bad")
	if r.code != exitError {
		t.Errorf("bad cards: exit %d, want %d", r.code, exitError)
	}
	for _, want := range []string{
		"bad-version.yaml:6: affected: range 1: fixed:",
		"unknown-field.yaml:18: field trigers not found",
		"bad-trigger.yaml:21: trigger: symbol example.com/other.F is not in module example.com/m",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("rules check output lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-format", "xml"}, {"-nosuchflag"}, {"rules"}, {"rules", "frob"}, {"explain"}} {
		r := runIn(t, ".", hermetic(), fixlintBin, args...)
		if r.code != exitUsage {
			t.Errorf("fixlint %v: exit %d, want %d", args, r.code, exitUsage)
		}
	}
}

// TestMalformedGoMod: a broken go.mod is an error naming the file and line.
func TestMalformedGoMod(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n\ngo 1.22\n\nrequire github.com/go-resty/resty/v2 2.16.3\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n"), 0o666)
	r := runIn(t, dir, hermetic(), fixlintBin, "./...")
	if r.code != exitError {
		t.Errorf("exit %d, want %d", r.code, exitError)
	}
	if !strings.Contains(r.stderr, "go.mod:5") {
		t.Errorf("the error (on standard error) does not name go.mod:5:\n%s%s", r.stdout, r.stderr)
	}
}

// TestFix upgrades a module through go get against a local proxy, and
// applies a suggested rename.
func TestFix(t *testing.T) {
	proxy := &fixture.Proxy{Dir: t.TempDir()}
	src := map[string][]byte{"webclient.go": []byte(`package webclient

type Auth interface{ Header() string }

type Client struct{ Auth Auth }

type Response struct{}

func (c *Client) Get(url string, auth Auth) (*Response, error) { return nil, nil }

type WSGITransport struct{ App any }

// Deprecated: use WSGITransport.
type WSGIDispatch = WSGITransport
`)}
	for _, v := range []string{"v0.14.1", "v0.14.2"} {
		files := map[string][]byte{"webclient.go": src["webclient.go"]}
		if err := proxy.Add("example.com/webclient", v, files); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.22\n\nrequire example.com/webclient v0.14.1\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "app.go"), []byte(`package app

import "example.com/webclient"

var T webclient.WSGIDispatch

func f(c *webclient.Client) { c.Get("https://example.com", nil) }
`), 0o666)
	env := hermetic("GOPROXY="+proxy.URL(), "GOSUMDB=off", "GONOSUMDB=*", "GOFLAGS=-mod=mod")
	if r := runIn(t, dir, env, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}
	seeds, _ := filepath.Abs("../../testdata/seeds")
	r := runIn(t, dir, env, fixlintBin, "-rules", seeds, "./...")
	if r.code != exitFindings {
		t.Fatalf("before -fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"go.mod:5:9: example.com/webclient v0.14.1 is affected by SEED-0004", "app.go:7:60: a nil auth here", "app.go:5:17: WSGIDispatch is the old name"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runIn(t, dir, env, fixlintBin, "-rules", seeds, "-fix", "./...")
	if r.code != exitOK {
		t.Fatalf("-fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The upgrade carries its plan, as fixlint upgrade makes it.
	if want := "fixlint: go get example.com/webclient@v0.14.2: fixes 1 known problem, breaks nothing in your code\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("-fix stderr lacks %q:\n%s", want, r.stderr)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.Contains(string(gomod), "example.com/webclient v0.14.2") {
		t.Errorf("go.mod after -fix:\n%s", gomod)
	}
	gosum, _ := os.ReadFile(filepath.Join(dir, "go.sum"))
	if !strings.Contains(string(gosum), "example.com/webclient v0.14.2 h1:") {
		t.Errorf("go.sum after -fix lacks v0.14.2 (go get keeps it):\n%s", gosum)
	}
	app, _ := os.ReadFile(filepath.Join(dir, "app.go"))
	if !strings.Contains(string(app), "var T webclient.WSGITransport") {
		t.Errorf("the rename was not applied:\n%s", app)
	}
	r = runIn(t, dir, env, fixlintBin, "-rules", seeds, "./...")
	if r.code != exitOK {
		t.Errorf("after -fix: exit %d\n%s", r.code, r.stdout)
	}
}

// TestConfigFile: .fixlint.yaml is found from the working directory up,
// flags win over it, and a bad key is an error naming file and line.
func TestConfigFile(t *testing.T) {
	dir := copyDemo(t)
	os.WriteFile(filepath.Join(dir, ".fixlint.yaml"), []byte("# project settings\ndisable: [FIX-0003]\nseverity: low\n"), 0o666)
	r := runIn(t, dir, hermetic(), fixlintBin, "./...")
	if r.code != exitFindings || strings.Contains(r.stdout, "FIX-0003") || !strings.Contains(r.stdout, "FIX-0002") {
		t.Errorf("with disable: [FIX-0003] in .fixlint.yaml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, hermetic(), fixlintBin, "-disable=FIX-0002", "./...")
	if strings.Contains(r.stdout, "FIX-0002") || !strings.Contains(r.stdout, "FIX-0003") {
		t.Errorf("-disable=FIX-0002 does not win over the file:\n%s", r.stdout)
	}
	os.WriteFile(filepath.Join(dir, ".fixlint.yaml"), []byte("disable: [FIX-0003]\nseverty: high\n"), 0o666)
	r = runIn(t, dir, hermetic(), fixlintBin, "./...")
	if r.code != exitError || !strings.Contains(r.stderr, ".fixlint.yaml:2: field severty not found") {
		t.Errorf("bad config: exit %d\n%s", r.code, r.stderr)
	}
}

// TestGoVetIndirectOSVModule: under go vet each package is a process of its
// own, so the cards of a module that the package reaches only through
// another module's API (no import of its own names it) must be decoded for
// the walk; in one process, analysistest cannot tell.
func TestGoVetIndirectOSVModule(t *testing.T) {
	db := t.TempDir()
	err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0002", Summary: "Do leaks", Module: "example.com/dep", Fixed: "1.0.1",
		Package: "example.com/dep/inner", Symbols: []string{"T.Do"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := fixture.Load(filepath.Join("..", "..", "analyzer", "testdata", "indirect.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Write(dir, a.Affected, true); err != nil {
		t.Fatal(err)
	}
	env := hermetic("GOFLAGS=-mod=vendor", "XDG_CACHE_HOME="+t.TempDir())
	r := runIn(t, dir, env, "go", "vet", "-vettool="+fixlintBin, "-fixlint.osv="+db, "./app")
	if want := "app.go:7:4: inner.T.Do is vulnerable: Do leaks in example.com/dep v1.0.0 (GO-9999-0002)"; !strings.Contains(r.stderr, want) {
		t.Errorf("go vet output lacks %q (exit %d):\n%s", want, r.code, r.stderr)
	}
}

// TestTags: a trigger in a file behind a build tag is checked only with
// -tags naming it; a malformed tag is a usage error.
func TestTags(t *testing.T) {
	dir := copyDemo(t)
	writeFile(t, filepath.Join(dir, "integration.go"), `//go:build integration

package main

import "github.com/go-resty/resty/v2"

func integrationClient() *resty.Client {
	return resty.New().SetAuthScheme("")
}
`)
	r := runIn(t, dir, hermetic(), fixlintBin, "./...")
	if strings.Contains(r.stdout, "integration.go") {
		t.Errorf("without -tags, integration.go was checked:\n%s", r.stdout)
	}
	for _, tags := range []string{"integration", "foo,integration"} {
		r := runIn(t, dir, hermetic(), fixlintBin, "-tags", tags, "./...")
		if r.code != exitFindings || !strings.Contains(r.stdout, "integration.go:8:35: SetAuthScheme(\"\") does not remove the scheme") {
			t.Errorf("-tags %s: exit %d, want the finding in integration.go\n%s%s", tags, r.code, r.stdout, r.stderr)
		}
	}
	if r := runIn(t, dir, hermetic(), fixlintBin, "-tags", "bad;tag", "./..."); r.code != exitUsage {
		t.Errorf("-tags 'bad;tag': exit %d, want %d", r.code, exitUsage)
	}
}
