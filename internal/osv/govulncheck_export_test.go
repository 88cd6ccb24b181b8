package osv_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/internal/testenv"
	"github.com/fixlint/fixlint/rules"
)

// TestGovulncheckReadsExport: govulncheck v1.9.0 reads fixlint osv export's
// database with -db file://DIR and reports a card at the call site, with
// the real module from the module proxy.
func TestGovulncheckReadsExport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds govulncheck and downloads modules from the module proxy")
	}
	testenv.Integration(t, "builds govulncheck and downloads a module from the module proxy")
	govulncheck := buildGovulncheck(t)
	db := filepath.Join(t.TempDir(), "db")
	if _, err := osv.Export(rules.Embedded(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "app")
	env := fixtureEnv("")
	writeFixture(t, dir, env, compareFixture{
		name:    "exported",
		require: []string{"github.com/go-resty/resty/v2 v2.16.3"},
		main: `package main

import "github.com/go-resty/resty/v2"

func main() {
	c := resty.New().SetAuthToken("t")
	c.SetAuthScheme("")
}
`,
	})
	fds, _ := govulncheckFindings(t, dir, env, govulncheck, db, "symbol")
	called := false
	for _, f := range fds {
		if f.OSV == "FIX-0002" && len(f.Trace) > 0 && f.Trace[0].Function == "SetAuthScheme" && f.Trace[0].Receiver == "*Client" {
			called = true
		}
	}
	if !called {
		t.Errorf("govulncheck did not report FIX-0002 as called at (*Client).SetAuthScheme: %+v", fds)
	}
}
