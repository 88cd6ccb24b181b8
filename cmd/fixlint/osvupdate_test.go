package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/vulndb/vulndbtest"
)

// sharedOSV is the Go vulnerability database as OSV files, with
// vulndb-osv.dates.json beside it (../shared/data/README.md).
const sharedOSV = "../../../shared/data/vulndb-osv"

func loadShared(t *testing.T, keep func(id string) bool) vulndbtest.Records {
	t.Helper()
	if _, err := os.Stat(sharedOSV); err != nil {
		t.Fatalf("the OSV records at %s are missing: clone the repository with ../shared beside it (%v)", sharedOSV, err)
	}
	recs, err := vulndbtest.LoadDir(sharedOSV, keep)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func serveRecords(t *testing.T, recs vulndbtest.Records) *vulndbtest.Server {
	t.Helper()
	files, err := recs.Layout()
	if err != nil {
		t.Fatal(err)
	}
	srv := vulndbtest.NewServer(files)
	t.Cleanup(srv.Close)
	return srv
}

// updateEnv is the environment of a machine with a fresh cache of its own:
// nothing downloaded yet.
func updateEnv(t *testing.T) []string {
	return hermetic("FIXLINT_CACHE=" + t.TempDir())
}

// TestUpdateThenCheck is the first security run: fixlint osv update
// against a server in vuln.go.dev's layout (the whole shared database),
// then fixlint ./... with no flags reports the database's findings, and
// says which database it used and how old it is, in every format.
func TestUpdateThenCheck(t *testing.T) {
	srv := serveRecords(t, loadShared(t, nil))
	env := updateEnv(t)
	demo := copyDemo(t)

	r := runIn(t, demo, env, fixlintBin, "./...")
	if r.code != exitFindings || strings.Contains(r.stdout, "GO-") || strings.Contains(r.stderr, "vulnerability database") {
		t.Errorf("before any update (not a terminal: no hint): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = runIn(t, demo, env, fixlintBin, "osv", "update", srv.URL)
	if r.code != exitOK || !regexp.MustCompile(`^fixlint: updated the Go vulnerability database from http://127\.0\.0\.1:\d+: modified 2026-\d\d-\d\d, 4291 records \(17 withdrawn\); first download \(4291 fetched, \d+\.\d MB received\)\nfixlint: \d+\.\d MB of records in .*/vulndb/\d{8}T\d{6}Z-[0-9a-f]{16}\n$`).MatchString(r.stdout) || r.stderr != "" {
		t.Fatalf("fixlint osv update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = runIn(t, demo, env, fixlintBin, "./...")
	for _, want := range []string{
		"go.mod:9:2: github.com/getkin/kin-openapi v0.143.0 is affected by 2 known problems (FIX-0003, GO-2026-6112)",
		"main.go:10:2: github.com/getkin/kin-openapi v0.143.0 is affected by 2 known problems (FIX-0003, GO-2026-6112)",
		"main.go:17:23: SetAuthScheme(\"\") does not remove the scheme", // the catalog's, as before
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("fixlint ./... after the update lacks %q:\n%s", want, r.stdout)
		}
	}
	using := regexp.MustCompile(`^fixlint: using the Go vulnerability database of fixlint osv update \(from http://127\.0\.0\.1:\d+, modified 2026-\d\d-\d\d, last updated less than a minute ago; -osv=off leaves it out\)\nfixlint: 3 known problems: 2 reached from your code, 1 in packages you import, 0 in modules you require\n$`)
	if r.code != exitFindings || !using.MatchString(r.stderr) {
		t.Errorf("fixlint ./... after the update: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	// -osv=off, on the command line or in the configuration file.
	r = runIn(t, demo, env, fixlintBin, "-osv=off", "./...")
	if r.code != exitFindings || strings.Contains(r.stdout, "GO-2026-6112") || r.stderr != "fixlint: 2 known problems: 2 reached from your code, 0 in packages you import, 0 in modules you require\n" {
		t.Errorf("-osv=off: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	writeFile(t, filepath.Join(demo, configFileName), "osv: off\n")
	r = runIn(t, demo, env, fixlintBin, "./...")
	if strings.Contains(r.stdout, "GO-2026-6112") || strings.Contains(r.stderr, "vulnerability database") {
		t.Errorf("osv: off in %s: exit %d\n%s%s", configFileName, r.code, r.stdout, r.stderr)
	}
	os.Remove(filepath.Join(demo, configFileName))

	// JSON's config message and SARIF's tool section say the same.
	r = runIn(t, demo, env, fixlintBin, "-format", "json", "./...")
	var msg struct{ Config jsonConfig }
	first, _, _ := strings.Cut(r.stdout, "\n")
	if err := json.Unmarshal([]byte(first), &msg); err != nil {
		t.Fatalf("JSON config message: %v\n%s", err, first)
	}
	db := msg.Config.DB
	if db == nil || db.Source != "osv update" || db.URL != srv.URL || db.Records < 4000 || db.Stale || db.Warning != "" ||
		!strings.HasSuffix(filepath.ToSlash(db.Path), ".idx") || !strings.Contains(r.stdout, `"card":"GO-2026-6112"`) || r.stderr != "" {
		t.Errorf("JSON: config db %+v\n%s%s", db, first, r.stderr)
	}
	if _, err := time.Parse(time.RFC3339, db.Updated); err != nil {
		t.Errorf("JSON: db.updated %q: %v", db.Updated, err)
	}
	r = runIn(t, demo, env, fixlintBin, "-format", "sarif", "./...")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Properties struct {
						DB *dbFacts `json:"db"`
					} `json:"properties"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, r.stdout)
	}
	if sdb := log.Runs[0].Tool.Driver.Properties.DB; sdb == nil || sdb.dbDescription != db.dbDescription || len(log.Runs[0].Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("SARIF: driver db %+v, notifications %+v; want %+v", sdb, log.Runs[0].Invocations, db)
	}

	// fixlint version and explain find it too.
	r = runIn(t, demo, env, fixlintBin, "version")
	if !regexp.MustCompile(`\nosv database .*\.idx: \d+ records, newest modified on 2026-\d\d-\d\d\nosv database of fixlint osv update: from http://127\.0\.0\.1:\d+, modified 2026-\d\d-\d\d, last updated less than a minute ago\n$`).MatchString(r.stdout) || r.code != exitOK || r.stderr != "" {
		t.Errorf("fixlint version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "explain", "go-2026-6112")
	if r.code != exitOK || !strings.Contains(r.stdout, "GO-2026-6112") {
		t.Errorf("fixlint explain GO-2026-6112 after the update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// A second update finds nothing new and says so.
	r = runIn(t, demo, env, fixlintBin, "osv", "update", srv.URL)
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "fixlint: the Go vulnerability database is up to date (") {
		t.Errorf("second update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestOldDatabase: a copy older than -osv-max-age (or osv-max-age in the
// configuration file) is a warning in every format, never a silent gap,
// and changes no exit status.
func TestOldDatabase(t *testing.T) {
	srv := serveRecords(t, loadShared(t, func(id string) bool { return id == "GO-2026-6112" }))
	env := updateEnv(t)
	demo := copyDemo(t)
	if r := runIn(t, demo, env, fixlintBin, "osv", "update", srv.URL); r.code != exitOK {
		t.Fatalf("update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	warning := `the Go vulnerability database was last updated less than a minute ago \(\d{4}-\d\d-\d\d\), more than -osv-max-age \(1ns\) ago: records published since are missing; run fixlint osv update`
	r := runIn(t, demo, env, fixlintBin, "-osv-max-age=1ns", "./...")
	if r.code != exitFindings || !regexp.MustCompile(`\nfixlint: warning: `+warning+"\nfixlint: 3 known problems: [^\n]*\n$").MatchString(r.stderr) || !strings.Contains(r.stdout, "GO-2026-6112") {
		t.Errorf("text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "-osv-max-age=1ns", "-format", "json", "./...")
	if r.code != exitOK || !regexp.MustCompile(`"stale":true,"warning":"`+warning+`"`).MatchString(r.stdout) || r.stderr != "" {
		t.Errorf("json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "-osv-max-age=1ns", "-format", "sarif", "./...")
	if r.code != exitOK || !regexp.MustCompile(`"level": "warning",\s+"message": \{\s+"text": "`+warning).MatchString(r.stdout) || !strings.Contains(r.stdout, `"executionSuccessful": true`) {
		t.Errorf("sarif: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "version", "-osv-max-age=1ns")
	if r.code != exitOK || !regexp.MustCompile(`^fixlint: warning: `+warning+"\n$").MatchString(r.stderr) {
		t.Errorf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The configuration file sets it too; a flag wins.
	writeFile(t, filepath.Join(demo, configFileName), "osv-max-age: 1ns\n")
	r = runIn(t, demo, env, fixlintBin, "./...")
	if !strings.Contains(r.stderr, "fixlint: warning: the Go vulnerability database was last updated") {
		t.Errorf("osv-max-age in %s: exit %d\n%s", configFileName, r.code, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "-osv-max-age=30d", "./...")
	if strings.Contains(r.stderr, "warning") {
		t.Errorf("-osv-max-age=30d over the file's: exit %d\n%s", r.code, r.stderr)
	}
	writeFile(t, filepath.Join(demo, configFileName), "# old\nosv-max-age: a week\n")
	r = runIn(t, demo, env, fixlintBin, "./...")
	if r.code != exitError || !strings.Contains(r.stderr, configFileName+`:2: osv-max-age: "a week": want a positive number of days (7d) or a duration (36h)`) {
		t.Errorf("bad osv-max-age: exit %d\n%s", r.code, r.stderr)
	}
	r = runIn(t, demo, env, fixlintBin, "-osv-max-age=0", "./...")
	if r.code != exitUsage {
		t.Errorf("-osv-max-age=0: exit %d\n%s", r.code, r.stderr)
	}
}

// TestGoVetAfterUpdate: go vet keys its cache on the tool's flags, not on
// the content of the database a flag names. fixlint osv path names the
// content, so after an update that adds a record, a second go vet run
// reports it for a package whose source did not change.
func TestGoVetAfterUpdate(t *testing.T) {
	recs := loadShared(t, func(id string) bool { return id == "GO-2026-6112" })
	srv := serveRecords(t, recs)
	env := updateEnv(t)
	demo := copyDemo(t)
	vet := func(db string) runResult {
		return runIn(t, demo, env, "go", "vet", "-vettool="+fixlintBin, "-fixlint.osv="+db, "./...")
	}
	path := func() string {
		r := runIn(t, demo, env, fixlintBin, "osv", "path")
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("fixlint osv path: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		return strings.TrimSuffix(r.stdout, "\n")
	}
	if r := runIn(t, demo, env, fixlintBin, "osv", "path"); r.code != exitError || r.stderr != "fixlint: no Go vulnerability database: run fixlint osv update to download it\n" {
		t.Errorf("fixlint osv path before an update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, demo, env, fixlintBin, "osv", "update", srv.URL); r.code != exitOK {
		t.Fatalf("update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	before := path()
	r := vet(before)
	if !strings.Contains(r.stderr, "main.go:10:2: github.com/getkin/kin-openapi v0.143.0 is affected by 2 known problems (FIX-0003, GO-2026-6112)") || strings.Contains(r.stderr, "GO-2099-0001") {
		t.Fatalf("go vet before the update (exit %d):\n%s", r.code, r.stderr)
	}

	// The update adds a record about resty's SetAuthScheme, which the
	// demo calls; its source does not change.
	rec, err := fixture.Record{ID: "GO-2099-0001", Summary: "SetAuthScheme leaks the token", Module: "github.com/go-resty/resty/v2",
		Fixed: "2.16.5", Package: "github.com/go-resty/resty/v2", Symbols: []string{"Client.SetAuthScheme"}}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	next := recs.Clone()
	if err := next.Add("GO-2099-0001", rec, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	files, err := next.Layout()
	if err != nil {
		t.Fatal(err)
	}
	srv.Set(files)
	if r := runIn(t, demo, env, fixlintBin, "osv", "update", srv.URL); r.code != exitOK || !strings.Contains(r.stdout, "1 added, 0 changed, 0 removed (1 fetched") {
		t.Fatalf("second update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after := path()
	if after == before {
		t.Fatalf("fixlint osv path is %s before and after an update that changed the database", after)
	}
	r = vet(after)
	if want := regexp.MustCompile(`main\.go:17:9: \w+\.Client\.SetAuthScheme is vulnerable: SetAuthScheme leaks the token in github\.com/go-resty/resty/v2 v2\.16\.3 \(GO-2099-0001\)`); !want.MatchString(r.stderr) {
		t.Errorf("go vet after the update lacks %q (exit %d):\n%s", want, r.code, r.stderr)
	}
	// The previous copy stays as it was for a process that still names it.
	r = vet(before)
	if strings.Contains(r.stderr, "GO-2099-0001") || !strings.Contains(r.stderr, "GO-2026-6112") {
		t.Errorf("go vet with the previous path (exit %d):\n%s", r.code, r.stderr)
	}
}

// TestOSVUpdateFailures: the command's errors, and that a failed update
// leaves the copy in use.
func TestOSVUpdateFailures(t *testing.T) {
	srv := serveRecords(t, loadShared(t, func(id string) bool { return id == "GO-2026-6112" }))
	env := updateEnv(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"osv"}, exitUsage, `^usage:\n  fixlint osv update`},
		{[]string{"osv", "update", "a", "b"}, exitUsage, `one URL at most`},
		{[]string{"osv", "update", "ftp://x"}, exitError, `want an http, https or file URL`},
		{[]string{"osv", "path", "x"}, exitUsage, `usage: fixlint osv path`},
		{[]string{"osv", "compile", "x"}, exitUsage, `fixlint osv compile DIR FILE`},
	} {
		r := runIn(t, dir, env, fixlintBin, c.args...)
		if r.code != c.code || !regexp.MustCompile(c.want).MatchString(r.stderr) {
			t.Errorf("fixlint %s: exit %d, want %d and %q:\n%s", strings.Join(c.args, " "), r.code, c.code, c.want, r.stderr)
		}
	}
	// Through a proxy from the environment: the test server answers the
	// proxy's requests too (for http URLs a proxy gets the absolute URL
	// and serves its path). Loopback hosts never go through a proxy, so
	// the database's host is a name only the proxy "knows".
	proxyEnv := func(proxy string) []string {
		return append(env[:len(env):len(env)], "HTTP_PROXY="+proxy, "http_proxy="+proxy, "HTTPS_PROXY="+proxy, "https_proxy="+proxy, "NO_PROXY=", "no_proxy=")
	}
	if r := runIn(t, dir, proxyEnv(srv.URL), fixlintBin, "osv", "update", "http://vuln.example"); r.code != exitOK || !strings.Contains(r.stdout, "from http://vuln.example: ") {
		t.Errorf("update through a proxy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runIn(t, dir, proxyEnv(closedURL(t)), fixlintBin, "osv", "update", "https://vuln.example")
	if r.code != exitError || !regexp.MustCompile(`^fixlint: GET https://vuln\.example/index/db\.json\.gz through the proxy http://127\.0\.0\.1:\d+ \(from HTTPS_PROXY or HTTP_PROXY; NO_PROXY lists hosts reached directly\): .*connection refused\n`).MatchString(r.stderr) {
		t.Errorf("update through a proxy that is down: exit %d\n%s", r.code, r.stderr)
	}

	if r := runIn(t, dir, env, fixlintBin, "osv", "update", srv.URL); r.code != exitOK {
		t.Fatalf("update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	srv.Set(map[string][]byte{"index/db.json": []byte("<html>captive portal</html>")})
	r = runIn(t, dir, env, fixlintBin, "osv", "update", srv.URL)
	if r.code != exitError || !regexp.MustCompile(`^fixlint: http://127\.0\.0\.1:\d+/index/db\.json\.gz: not a Go vulnerability database index \(invalid character '<' looking for beginning of value\); the server answered: "<html>captive portal</html>"
fixlint: the copy in use is unchanged: http://127\.0\.0\.1:\d+, modified 2026-\d\d-\d\d, last updated less than a minute ago
$`).MatchString(r.stderr) {
		t.Errorf("garbage: exit %d\n%s", r.code, r.stderr)
	}
}

// closedURL is the URL of a loopback port that nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	return "http://" + l.Addr().String()
}
