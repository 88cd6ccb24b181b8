package osv_test

// TestAgreesWithGovulncheck runs fixlint and govulncheck v1.9.0 on the same
// database (the shared copy of the Go vulnerability database) over small
// modules that require old versions of real modules, and compares what they
// find. It needs the go command and the module proxy (to build govulncheck
// once, cached in the user cache directory, and to download the fixtures'
// dependencies); it reads ../shared beside the repository and fails when that
// is missing.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/testenv"
	"github.com/fixlint/fixlint/rules"
)

const (
	// sharedOSV is the Go vulnerability database as OSV files; beside it,
	// vulndb-osv.dates.json holds the dates of its records, which carry
	// zero times (see ../shared/data/vulndb-osv.PROVENANCE.md).
	sharedOSV = "../../../shared/data/vulndb-osv"

	govulncheckVersion = "v1.9.0"
)

// A compareFixture is a module written by the test. Its main package calls
// vulnerable symbols of its dependencies directly.
type compareFixture struct {
	name    string
	require []string // "path version"
	// toolchain is the Go toolchain both tools see (GOTOOLCHAIN; the
	// go command downloads it from the module proxy): the standard
	// library's version. "" is the local one.
	toolchain string
	// stdlibCalls says that main calls vulnerable standard library
	// symbols directly.
	stdlibCalls bool
	main        string
	// files are more files of the fixture module, by slash path.
	files map[string]string
	// symbolAt are places (file:line) where fixlint must report a
	// symbol-level finding: each way in that the fixture is about.
	symbolAt []string
}

var compareFixtures = []compareFixture{
	{
		// Released versions, and a Go 1.26 release with known problems.
		// x/net v0.17.0 brings x/text v0.13.0 through idna. The embedded
		// catalog's FIX-0032 (jwt) stands for GO-2024-3250, and two
		// x/crypto cards for GO-2026-5005 and GO-2026-5006.
		//
		// FIX-0032 replaces the record for jwt/v4 and fires where the code
		// branches on ErrTokenExpired, the pattern it is about, rather than
		// at every jwt.Parse as govulncheck does (precision before recall):
		// the fixture has that branch, so both report GO-2024-3250 at the
		// symbol level, at different places.
		//
		// It also calls standard library symbols that records fixed in
		// Go 1.26.6 name: encoding/asn1.Unmarshal (GO-2026-5972),
		// net.LookupCNAME (GO-2026-5942), (*net/url.URL).ResolveReference
		// (GO-2026-6218).
		name:        "netcrypto",
		toolchain:   "go1.26.5",
		stdlibCalls: true,
		require: []string{
			"golang.org/x/net v0.17.0",
			"golang.org/x/crypto v0.16.0",
			"github.com/golang-jwt/jwt/v4 v4.5.0",
		},
		main: `package main

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/golang-jwt/jwt/v4"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/net/html"
	"golang.org/x/net/http2"
	"golang.org/x/net/idna"
	"golang.org/x/net/proxy"
)

func main() {
	doc, err := html.Parse(strings.NewReader("<p>hi"))
	fmt.Println(doc, err)
	fmt.Println(idna.ToASCII("example.com"))
	fmt.Println(proxy.FromEnvironment())
	var srv http2.Server
	srv.ServeConn(nil, nil)
	client, err := ssh.Dial("tcp", "localhost:22", &ssh.ClientConfig{})
	fmt.Println(client, err)
	fmt.Println(agent.ForwardToAgent(client, nil))
	tok, err := jwt.Parse("a.b.c", func(*jwt.Token) (interface{}, error) { return nil, nil })
	if errors.Is(err, jwt.ErrTokenExpired) {
		fmt.Println("refresh", tok.Claims)
	}

	var v any
	fmt.Println(asn1.Unmarshal([]byte{0x02, 0x01, 0x01}, &v))
	fmt.Println(net.LookupCNAME("example.com"))
	base, _ := url.Parse("http://example.com/a/")
	fmt.Println(base.ResolveReference(&url.URL{Path: "../b"}))
}
`,
	},
	{
		// A version that is its own fix (gopkg.in/yaml.v3 v3.0.0 is not
		// affected by GO-2022-0603, fixed in a pseudo-version of v3.0.0),
		// an old x/text, and a jwt method.
		name: "textyaml",
		require: []string{
			"golang.org/x/text v0.3.7",
			"gopkg.in/yaml.v3 v3.0.0",
			"github.com/golang-jwt/jwt/v4 v4.5.0",
		},
		main: `package main

import (
	"fmt"

	"github.com/golang-jwt/jwt/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

func main() {
	fmt.Println(language.ParseAcceptLanguage("en-US,en;q=0.9"))
	fmt.Println(norm.NFC.Bytes([]byte("e\u0301")))
	var v map[string]any
	fmt.Println(yaml.Unmarshal([]byte("a: 1"), &v))
	p := jwt.NewParser()
	fmt.Println(p.ParseUnverified("a.b.c", jwt.MapClaims{}))
}
`,
	},
	{
		// The ways in to a vulnerable symbol (issue 10): through the
		// fixture's own wrapper package (idna.ToUnicode, GO-2026-5026),
		// through a function of another module that is not affected
		// (goquery's NewDocumentFromReader calls html.Parse), through an
		// interface method (an *http2.Transport put into an
		// http.RoundTripper: Transport.RoundTrip, GO-2024-2687 and
		// GO-2026-4918), through a method value (Tokenizer.Next,
		// GO-2025-3595) and through a closure (idna.ToASCII).
		name: "paths",
		require: []string{
			"golang.org/x/net v0.17.0",
			"github.com/PuerkitoBio/goquery v1.8.1",
		},
		files: map[string]string{
			"wrap/wrap.go": `package wrap

import "golang.org/x/net/idna"

// Display is the fixture's own wrapper of a vulnerable function.
func Display(host string) (string, error) { return idna.ToUnicode(host) }
`,
		},
		symbolAt: []string{"wrap/wrap.go:6", "main.go:18", "main.go:22", "main.go:24", "main.go:26"},
		main: `package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/http2"
	"golang.org/x/net/idna"

	"example.com/paths/wrap"
)

func main() {
	fmt.Println(wrap.Display("xn--bcher-kva.example"))
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<p>hi"))
	fmt.Println(doc, err)
	var rt http.RoundTripper = &http2.Transport{}
	req, _ := http.NewRequest("GET", "https://example.com", nil)
	fmt.Println(rt.RoundTrip(req))
	z := html.NewTokenizer(strings.NewReader("<p>hi"))
	next := z.Next
	fmt.Println(next())
	ascii := func() { fmt.Println(idna.ToASCII("example.com")) }
	ascii()
}
`,
	},
	{
		// A pseudo-version: x/net from January 2022 is affected by
		// GO-2022-0969 and later records, but not by GO-2023-1495, which
		// was introduced in May 2022. Go 1.25.0: the other release line
		// of the standard library's backported fixes.
		name:      "pseudo",
		toolchain: "go1.25.0",
		require: []string{
			"golang.org/x/net v0.0.0-20220127200216-cd36cc0744dd",
		},
		main: `package main

import (
	"fmt"
	"os"

	"golang.org/x/net/html"
	"golang.org/x/net/http2"
)

func main() {
	var srv http2.Server
	srv.ServeConn(nil, nil)
	fmt.Println(html.Render(os.Stdout, &html.Node{}))
}
`,
	},
}

func TestAgreesWithGovulncheck(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds govulncheck and downloads modules from the module proxy")
	}
	testenv.Integration(t, "builds govulncheck and downloads modules from the module proxy")
	shared, err := filepath.Abs(sharedOSV)
	if err == nil {
		_, err = os.Stat(shared)
	}
	if err != nil {
		t.Fatalf("this test reads the shared data at %s, which is missing: clone the repository with ../shared beside it (%v)", sharedOSV, err)
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("this test needs the go command: %v", err)
	}

	govulncheck := buildGovulncheck(t)
	tmp := t.TempDir()
	fixlint := filepath.Join(tmp, "fixlint"+exeSuffix())
	runCmd(t, "", nil, "go", "build", "-o", fixlint, "github.com/fixlint/fixlint/cmd/fixlint")
	db := filepath.Join(tmp, "vulndb")
	writeGovulncheckDB(t, shared, db)
	// fixlint reads the same layout; compile it into a file, so that the
	// test leaves no index of a temporary directory in the user cache.
	dbIndex := filepath.Join(tmp, "vulndb.idx")
	runCmd(t, "", nil, fixlint, "osv", "compile", db, dbIndex)

	aliases := embeddedAliases()
	for _, fx := range compareFixtures {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(tmp, fx.name)
			env := fixtureEnv(fx.toolchain)
			writeFixture(t, dir, env, fx)

			govModule, scanned := govulncheckFindings(t, dir, env, govulncheck, db, "module")
			govSymbol, _ := govulncheckFindings(t, dir, env, govulncheck, db, "symbol")
			fix := fixlintFindings(t, dir, env, fixlint, shared)

			// Module level: the same records, for the same modules, the
			// standard library included (fixlint reports it at the go
			// line, for go env GOVERSION, as govulncheck does).
			//
			// govulncheck -scan module looks at the modules that provide
			// the packages of the import graph, for this GOOS and GOARCH;
			// fixlint's go.mod check also at the modules go.mod requires
			// (go mod tidy lists those that provide packages on any
			// platform, such as x/sys for x/crypto on s390x). Compare on
			// the modules govulncheck scanned; log the others.
			want := make(set)
			for _, f := range govModule {
				if len(f.Trace) == 1 {
					want.add(f.Trace[0].Module + " " + f.OSV)
				}
			}
			got, notScanned := make(set), make(set)
			for _, f := range fix {
				if f.Level != "module" && f.Level != "unused" {
					continue
				}
				for _, id := range aliases.goIDs(f.Card) {
					if scanned[f.Module] {
						got.add(f.Module + " " + id)
					} else {
						notScanned.add(f.Module + " " + id)
					}
				}
			}
			if len(notScanned) > 0 {
				t.Logf("fixlint also reports modules that go.mod requires and govulncheck did not scan: %v", notScanned.sorted())
			}
			if len(want) == 0 {
				t.Errorf("govulncheck -scan module found nothing: the fixture is broken")
			}
			if fx.toolchain != "" && !strings.Contains(strings.Join(want.sorted(), "\n"), "stdlib GO-") {
				t.Errorf("govulncheck -scan module found nothing in the standard library of %s: the fixture is broken", fx.toolchain)
			}
			t.Logf("module level: govulncheck %d records, fixlint %d on the same modules (standard library: %d)",
				len(want), len(got), strings.Count(strings.Join(want.sorted(), "\n"), "stdlib GO-"))
			if !got.equal(want) {
				t.Errorf("module-level findings differ (module ID)\n  fixlint only:     %v\n  govulncheck only: %v\n  fixlint:     %v\n  govulncheck: %v",
					got.minus(want), want.minus(got), got.sorted(), want.sorted())
			}

			// Symbol level: every record govulncheck reports for a call
			// from the fixture's own package (the frame after the
			// vulnerable symbol is in the fixture module) must be among
			// fixlint's symbol findings, the standard library's included
			// (fixlint checks it at the version of the toolchain that
			// compiles it).
			wantSym, stdlibSym := make(set), 0
			viaDeps := make(map[string]string) // reached through dependencies: ID -> trace
			for _, f := range govSymbol {
				if len(f.Trace) < 2 || f.Trace[0].Function == "" {
					continue
				}
				if f.Trace[1].Module == "example.com/"+fx.name && !wantSym[f.OSV] {
					wantSym.add(f.OSV)
					if f.Trace[0].Module == "stdlib" {
						stdlibSym++
					}
				}
				for _, fr := range f.Trace[2:] {
					if fr.Module == "example.com/"+fx.name {
						if _, ok := viaDeps[f.OSV]; !ok {
							viaDeps[f.OSV] = traceString(f.Trace)
						}
					}
				}
			}
			// Each way in that the fixture is about has a symbol-level
			// finding where the fixture's code takes it.
			for _, at := range fx.symbolAt {
				found := false
				for _, f := range fix {
					place := filepath.ToSlash(f.Pos.File) + ":" + strconv.Itoa(f.Pos.Line)
					if f.Level == "symbol" && (place == at || strings.HasSuffix(place, "/"+at)) {
						found = true
					}
				}
				if !found {
					t.Errorf("fixlint has no symbol-level finding at %s", at)
				}
			}
			gotSym := make(set)
			for _, f := range fix {
				if f.Level == "symbol" {
					for _, id := range aliases.goIDs(f.Card) {
						gotSym.add(id)
					}
				}
			}
			if len(wantSym) == 0 {
				t.Errorf("govulncheck -scan symbol found no direct call: the fixture is broken")
			}
			if fx.stdlibCalls && stdlibSym == 0 {
				t.Errorf("govulncheck -scan symbol found no direct call of the standard library: the fixture is broken")
			}
			t.Logf("symbol level: govulncheck %d records for direct calls (standard library: %d), fixlint %d", len(wantSym), stdlibSym, len(gotSym))
			// Reached through dependencies: fixlint follows calls into
			// dependencies (facts under go vet, the same computation in
			// the standalone command), but not calls inside the standard
			// library, through function variables or through interface
			// methods, where govulncheck's whole-program call graph goes.
			// Each record that only govulncheck finds is a known,
			// explained difference below; the list must stay exact.
			for _, id := range sortedKeys(viaDeps) {
				trace := viaDeps[id]
				if wantSym[id] {
					continue
				}
				reason, known := knownMisses[fx.name][id]
				switch {
				case gotSym[id] && known:
					t.Errorf("%s is reached through dependencies by both tools now; take it off knownMisses (%s)", id, reason)
				case gotSym[id]:
					t.Logf("reached through dependencies, by both: %s (%s)", id, trace)
				case known:
					t.Logf("reached through dependencies, by govulncheck only (known: %s): %s (%s)", reason, id, trace)
				default:
					t.Errorf("fixlint misses %s, which govulncheck reaches through dependencies: %s", id, trace)
				}
			}
			for id := range knownMisses[fx.name] {
				if _, ok := viaDeps[id]; !ok {
					t.Errorf("knownMisses lists %s, which govulncheck no longer reaches through dependencies", id)
				}
			}
			for _, id := range gotSym.sorted() {
				if _, ok := viaDeps[id]; !ok && !wantSym[id] {
					reason, known := knownExtras[fx.name][id]
					if !known {
						t.Errorf("fixlint reports %s at the symbol level, which govulncheck does not call: explain it in knownExtras", id)
					} else {
						t.Logf("symbol level by fixlint only (known: %s): %s", reason, id)
					}
				}
			}
			if missing := wantSym.minus(gotSym); len(missing) > 0 {
				t.Errorf("fixlint misses symbol-level findings that govulncheck reports for direct calls: %v\n  fixlint:     %v\n  govulncheck: %v",
					missing, gotSym.sorted(), wantSym.sorted())
			}

			// The govulncheck layout gives the same findings as the flat
			// directory of records.
			viaDB := fixlintFindings(t, dir, env, fixlint, dbIndex)
			if a, b := findingKeys(fix), findingKeys(viaDB); !a.equal(b) {
				t.Errorf("fixlint -osv on govulncheck's layout differs from the flat directory\n  flat only: %v\n  db only:   %v", a.minus(b), b.minus(a))
			}
		})
	}
}

var (
	govulncheckDBOut  = flag.String("govulncheck-db", "", "with -run TestWriteGovulncheckDB, write an OSV database in govulncheck's -db layout to this `directory` (bench/run.sh uses it)")
	govulncheckDBFrom = flag.String("govulncheck-db-from", sharedOSV, "the `directory` of OSV records that -govulncheck-db lays out")
)

// TestWriteGovulncheckDB writes a directory of OSV records (the shared
// database unless -govulncheck-db-from says otherwise) in govulncheck's
// -db layout to the directory -govulncheck-db names; without it, it does
// nothing. It is a tool for bench/run.sh, kept beside the code that the
// comparison test uses:
//
//	go test ./internal/osv -run '^TestWriteGovulncheckDB$' -count=1 -args -govulncheck-db=DIR
func TestWriteGovulncheckDB(t *testing.T) {
	if *govulncheckDBOut == "" {
		t.Skip("no -govulncheck-db directory")
	}
	if _, err := os.Stat(*govulncheckDBFrom); err != nil {
		t.Fatalf("the OSV records at %s are missing: clone the repository with ../shared beside it (%v)", *govulncheckDBFrom, err)
	}
	writeGovulncheckDB(t, *govulncheckDBFrom, *govulncheckDBOut)
}

// buildGovulncheck returns govulncheck at govulncheckVersion, built with
// the local toolchain once and kept in the user cache.
func buildGovulncheck(t *testing.T) string {
	t.Helper()
	goVersion := strings.TrimSpace(runCmd(t, "", nil, "go", "env", "GOVERSION"))
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "fixlint-govulncheck", govulncheckVersion+"-"+goVersion+"-"+runtime.GOOS+"-"+runtime.GOARCH)
	bin := filepath.Join(dir, "govulncheck"+exeSuffix())
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	gobin, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(gobin)
	runCmd(t, t.TempDir(), []string{"GOBIN=" + gobin, "GOFLAGS=", "GOWORK=off"},
		"go", "install", "golang.org/x/vuln/cmd/govulncheck@"+govulncheckVersion)
	if err := os.Rename(filepath.Join(gobin, "govulncheck"+exeSuffix()), bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// writeGovulncheckDB lays the records of src out as a database that
// govulncheck's -db file:// reads (golang.org/x/vuln internal/client,
// schema.go): index/db.json {"modified"}, index/modules.json, an array of
// {"path", "vulns": [{"id", "modified", "fixed"}]}, and ID/<id>.json.
// Records with zero times (all of the shared database's) get the dates of
// src + ".dates.json" as the upstream generator does, or else one fixed
// time.
func writeGovulncheckDB(t *testing.T, src, dst string) {
	t.Helper()
	type dates struct{ Newest, Oldest time.Time }
	var byID map[string]dates
	datesFile := filepath.Clean(src) + ".dates.json"
	if data, err := os.ReadFile(datesFile); err == nil {
		if err := json.Unmarshal(data, &byID); err != nil {
			t.Fatalf("%s: %v", datesFile, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	fixedTime := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records in %s (%v)", src, err)
	}
	for _, d := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(dst, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	type vuln struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Fixed    string    `json:"fixed,omitempty"`
	}
	modules := make(map[string][]vuln)
	var dbModified time.Time
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		var rec struct {
			ID        string    `json:"id"`
			Modified  time.Time `json:"modified"`
			Published time.Time `json:"published"`
			Affected  []struct {
				Package struct {
					Name string `json:"name"`
				} `json:"package"`
				Ranges []struct {
					Type   string `json:"type"`
					Events []struct {
						Introduced string `json:"introduced"`
						Fixed      string `json:"fixed"`
					} `json:"events"`
				} `json:"ranges"`
			} `json:"affected"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		modified, published := rec.Modified.UTC(), rec.Published.UTC()
		if d, ok := byID[rec.ID]; ok {
			if modified.Year() <= 1 {
				modified = d.Newest.UTC()
			}
			if published.Year() <= 1 {
				published = d.Oldest.UTC()
			}
		}
		if modified.Year() <= 1 {
			modified = fixedTime
		}
		if published.Year() <= 1 {
			published = modified
		}
		raw["modified"], _ = json.Marshal(modified)
		raw["published"], _ = json.Marshal(published)
		out, err := json.Marshal(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, "ID", rec.ID+".json"), out, 0o666); err != nil {
			t.Fatal(err)
		}
		if modified.After(dbModified) {
			dbModified = modified
		}
		for _, a := range rec.Affected {
			// fixed is x/vuln's semver.NonSupersededFix: the greatest
			// SEMVER fixed event, or none when a range reintroduces the
			// problem after it. govulncheck fetches a record only for
			// module versions below it.
			latest := ""
			for _, r := range a.Ranges {
				if r.Type != "SEMVER" {
					continue
				}
				for _, e := range r.Events {
					if e.Fixed != "" && osvLess(latest, e.Fixed) {
						latest = e.Fixed
					}
				}
				for _, e := range r.Events {
					if e.Introduced != "" && e.Introduced != "0" && osvLess(latest, e.Introduced) {
						latest = ""
						break
					}
				}
			}
			modules[a.Package.Name] = append(modules[a.Package.Name], vuln{ID: rec.ID, Modified: modified, Fixed: latest})
		}
	}
	type module struct {
		Path  string `json:"path"`
		Vulns []vuln `json:"vulns"`
	}
	var index []module
	for path, vulns := range modules {
		sort.Slice(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
		index = append(index, module{path, vulns})
	}
	sort.Slice(index, func(i, j int) bool { return index[i].Path < index[j].Path })
	writeJSON(t, filepath.Join(dst, "index", "modules.json"), index)
	writeJSON(t, filepath.Join(dst, "index", "db.json"), struct {
		Modified time.Time `json:"modified"`
	}{dbModified})
}

// osvLess compares OSV versions ("1.2.3", no "v") as x/vuln's semver.Less
// does: "" and invalid versions sort first.
func osvLess(a, b string) bool {
	return semver.Compare("v"+a, "v"+b) < 0
}

func writeJSON(t *testing.T, file string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// fixtureEnv is the environment of the commands run in a fixture: the
// module proxy and checksum database from the environment (the go command
// verifies a downloaded toolchain against the checksum database, and
// refuses to run it without one), no workspace, and toolchain (or the
// local one).
func fixtureEnv(toolchain string) []string {
	if toolchain == "" {
		toolchain = "local"
	}
	return []string{"GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=" + toolchain}
}

func writeFixture(t *testing.T, dir string, env []string, fx compareFixture) {
	t.Helper()
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module example.com/%s\n\ngo 1.22\n\nrequire (\n", fx.name)
	for _, r := range fx.require {
		fmt.Fprintf(&gomod, "\t%s\n", r)
	}
	gomod.WriteString(")\n")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"go.mod": gomod.String(), "main.go": fx.main}
	for name, data := range fx.files {
		files[name] = data
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	runCmd(t, dir, env, "go", "mod", "tidy")
	// tidy may raise a requirement; the fixture is about the versions
	// it names.
	out := runCmd(t, dir, env, "go", "list", "-m", "all")
	for _, r := range fx.require {
		if !strings.Contains(out, r+"\n") {
			t.Fatalf("after go mod tidy the build list does not select %s:\n%s", r, out)
		}
	}
}

// govFinding is a govulncheck JSON finding message.
type govFinding struct {
	OSV   string `json:"osv"`
	Trace []struct {
		Module   string `json:"module"`
		Package  string `json:"package"`
		Function string `json:"function"`
		Receiver string `json:"receiver"`
	} `json:"trace"`
}

// govulncheckFindings runs govulncheck at level, and returns its findings
// and the modules it scanned (its SBOM message).
func govulncheckFindings(t *testing.T, dir string, env []string, bin, db, level string) ([]govFinding, map[string]bool) {
	t.Helper()
	args := []string{"-db", "file://" + filepath.ToSlash(db), "-scan", level, "-format", "json"}
	if level != "module" {
		// -scan module takes no patterns: it reads the modules of the
		// package in the current directory (the fixture's only package)
		// and its dependencies.
		args = append(args, "./...")
	}
	out := runCmd(t, dir, env, bin, args...)
	var fds []govFinding
	scanned := make(map[string]bool)
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var msg struct {
			Finding *govFinding `json:"finding"`
			SBOM    *struct {
				Modules []struct {
					Path string `json:"path"`
				} `json:"modules"`
			} `json:"SBOM"`
		}
		if err := dec.Decode(&msg); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("govulncheck -scan %s: bad JSON output: %v", level, err)
		}
		if msg.Finding != nil {
			fds = append(fds, *msg.Finding)
		}
		if msg.SBOM != nil {
			for _, m := range msg.SBOM.Modules {
				scanned[m.Path] = true
			}
		}
	}
	if len(scanned) == 0 {
		t.Fatalf("govulncheck -scan %s wrote no SBOM message", level)
	}
	return fds, scanned
}

// fixFinding is a fixlint JSON finding message.
type fixFinding struct {
	Card   string `json:"card"`
	Level  string `json:"level"`
	Module string `json:"module"`
	Pos    struct {
		File string `json:"file"`
		Line int    `json:"line"`
		Col  int    `json:"col"`
	} `json:"position"`
}

func fixlintFindings(t *testing.T, dir string, env []string, bin, db string) []fixFinding {
	t.Helper()
	out := runCmd(t, dir, env, bin, "-osv", db, "-format", "json", "./...")
	var fds []fixFinding
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var msg struct {
			Finding *fixFinding `json:"finding"`
			Error   *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := dec.Decode(&msg); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("fixlint: bad JSON output: %v", err)
		}
		if msg.Error != nil {
			t.Errorf("fixlint reported an error: %s", msg.Error.Message)
		}
		if msg.Finding != nil {
			fds = append(fds, *msg.Finding)
		}
	}
	return fds
}

func findingKeys(fds []fixFinding) set {
	s := make(set)
	for _, f := range fds {
		s.add(fmt.Sprintf("%s %s %s %s:%d:%d", f.Level, f.Card, f.Module, filepath.Base(f.Pos.File), f.Pos.Line, f.Pos.Col))
	}
	return s
}

// aliasMap maps the embedded cards that stand for Go vulnerability
// database records (a fix card with a GO- alias replaces the record's own
// card for its module) to those records.
type aliasMap map[string][]string

func embeddedAliases() aliasMap {
	m := make(aliasMap)
	for _, c := range rules.Embedded() {
		for _, a := range c.Aliases {
			if strings.HasPrefix(a, "GO-") {
				m[c.ID] = append(m[c.ID], a)
			}
		}
	}
	return m
}

// goIDs returns the GO- IDs a finding's card stands for: the card itself,
// or the records a fix card aliases (none for other cards).
func (m aliasMap) goIDs(card string) []string {
	if strings.HasPrefix(card, "GO-") {
		return []string{card}
	}
	return m[card]
}

func runCmd(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s%s", name, strings.Join(args, " "), dir, err, stderr.Bytes(), stdout.Bytes())
	}
	return stdout.String()
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

type set map[string]bool

func (s set) add(x string) { s[x] = true }

func (s set) sorted() []string {
	out := make([]string, 0, len(s))
	for x := range s {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}

func (s set) minus(o set) []string {
	var out []string
	for _, x := range s.sorted() {
		if !o[x] {
			out = append(out, x)
		}
	}
	return out
}

func (s set) equal(o set) bool { return len(s.minus(o)) == 0 && len(o.minus(s)) == 0 }

// traceString shows a govulncheck trace from the user's code down to the
// vulnerable symbol: main.f > pkg.G > vuln.F.
func traceString(trace []struct {
	Module   string `json:"module"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
}) string {
	var parts []string
	for i := len(trace) - 1; i >= 0; i-- {
		fr := trace[i]
		name := path.Base(fr.Package) + "."
		if fr.Receiver != "" {
			name += strings.TrimPrefix(fr.Receiver, "*") + "."
		}
		parts = append(parts, name+fr.Function)
	}
	return strings.Join(parts, " > ")
}

// knownMisses are the records govulncheck finds called through
// dependencies and fixlint does not, by fixture, with why.
var knownMisses = map[string]map[string]string{
	"pseudo": {
		"GO-2026-5972": stdlibInternal,
		"GO-2026-5037": stdlibInternal + ", through an interface (fmt calls Error)",
		"GO-2025-4007": stdlibInternal,
		"GO-2025-4009": stdlibInternal,
		"GO-2025-4011": stdlibInternal,
		"GO-2026-4602": stdlibInternal,
	},
}

const stdlibInternal = "the chain runs inside the standard library (x/net/http2's init calls os.Getenv, which reaches crypto/x509 through sync.Once), which fixlint does not follow"

// knownExtras are the records fixlint reports at the symbol level that
// govulncheck does not find called, by fixture, with why. All come from
// interface calls, which fixlint follows to every type the calling
// package puts into an interface, where govulncheck follows the values.
var knownExtras = map[string]map[string]string{
	"netcrypto": {
		"GO-2026-6090": http2TLSWrite,
		"GO-2026-5016": "ssh.Dial > NewClient > (*Client).handleChannelOpens calls NewChannel.Reject, an interface method; package ssh puts its *channel into NewChannel (a server's unknown channel is rejected so at run time)",
		"GO-2025-4116": "agent.ForwardToAgent > ServeAgent > (*server).processRequest calls ExtendedAgent.SignWithFlags, an interface method; package agent puts its *client into ExtendedAgent (NewClient), so a forwarded client agent runs it",
	},
	"pseudo": {
		"GO-2025-4008": http2TLSWrite,
		"GO-2026-4337": http2TLSWrite,
		"GO-2026-4340": http2TLSWrite,
		"GO-2026-4870": http2TLSWrite,
		"GO-2026-5856": http2TLSWrite,
		"GO-2026-6090": http2TLSWrite,
	},
}

// http2TLSWrite is why fixlint reaches crypto/tls's Conn.Write from an
// http2 server: the Framer writes to an io.Writer, and package http2 puts
// *tls.Conn values into interfaces; a server on a TLS connection writes
// through it, but the fixture's ServeConn(nil, nil) gets none, which
// govulncheck's value flow sees.
const http2TLSWrite = "(*http2.Server).ServeConn > ... > (*Framer).endWrite calls io.Writer.Write, an interface method; package http2 puts *tls.Conn into interfaces, so (*tls.Conn).Write counts (govulncheck sees no TLS connection reach ServeConn(nil, nil))"

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
