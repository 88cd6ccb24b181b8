package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/testenv"
)

// TestUpgradePlan: fixlint upgrade, with fake versions from a file-based
// module proxy, plans the two upgrades the check recommends and changes
// no file:
//   - example.com/dep v1.0.0 => v1.1.0 fixes GO-9999-0501, but v1.1.0
//     changed F's parameter from int to string (main.go's call no longer
//     compiles) and requires example.com/other v1.1.0, which brings
//     GO-9999-0502;
//   - example.com/safe v1.0.0 => v1.0.1 fixes GO-9999-0503 and breaks
//     nothing. It comes first: as much fixed, less broken.
func TestUpgradePlan(t *testing.T) {
	proxy, penv := proxyEnv(t)
	add := func(path, version string, files map[string]string) {
		t.Helper()
		m := map[string][]byte{}
		for k, v := range files {
			m[k] = []byte(v)
		}
		if err := proxy.Add(path, version, m); err != nil {
			t.Fatal(err)
		}
	}
	add("example.com/dep", "v1.0.0", map[string]string{"dep.go": "package dep\n\nfunc F(n int) int { return n }\n"})
	add("example.com/dep", "v1.1.0", map[string]string{
		"go.mod": "module example.com/dep\n\ngo 1.22\n\nrequire example.com/other v1.1.0\n",
		"dep.go": "package dep\n\nimport \"example.com/other\"\n\nfunc F(s string) string { other.F(); return s }\n",
	})
	publish(t, proxy, "example.com/other", "v1.0.0")
	publish(t, proxy, "example.com/other", "v1.1.0")
	publish(t, proxy, "example.com/safe", "v1.0.0")
	publish(t, proxy, "example.com/safe", "v1.0.1")

	db := t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0501", Summary: "dep misbehaves", Module: "example.com/dep", Fixed: "1.1.0", Package: "example.com/dep"},
		fixture.Record{ID: "GO-9999-0502", Summary: "other misbehaves from v1.1.0", Module: "example.com/other", Introduced: "1.1.0", Fixed: "1.2.0", Package: "example.com/other"},
		fixture.Record{ID: "GO-9999-0503", Summary: "safe misbehaves", Module: "example.com/safe", Fixed: "1.0.1", Package: "example.com/safe"},
	); err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	writeFile(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/other v1.0.0\n\texample.com/safe v1.0.0\n)\n")
	writeFile(t, filepath.Join(app, "main.go"), `package main

import (
	"example.com/dep"
	"example.com/other"
	"example.com/safe"
)

func main() {
	_ = dep.F(1)
	other.F()
	safe.F()
}
`)
	env := hermetic(penv...)
	if r := runIn(t, app, env, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}
	gomod, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	gosum, _ := os.ReadFile(filepath.Join(app, "go.sum"))

	r := runIn(t, app, env, fixlintBin, "upgrade", "-osv", db, "./...")
	want := `example.com/safe v1.0.0 => v1.0.1 (go get example.com/safe@v1.0.1)
  fixes 1:
    GO-9999-0503 in example.com/safe v1.0.0 (imported): safe misbehaves
  breaks nothing in your code: the 1 package checked type-checks at the new versions

example.com/dep v1.0.0 => v1.1.0 (go get example.com/dep@v1.1.0)
  fixes 1:
    GO-9999-0501 in example.com/dep v1.0.0 (imported): dep misbehaves
  moves example.com/other v1.0.0 => v1.1.0
  brings GO-9999-0502 in example.com/other v1.1.0: other misbehaves from v1.1.0
  breaks 1 place (they type-check today, not at the new versions):
    main.go:10:12: cannot use 1 (untyped int constant) as string value in argument to dep.F
`
	if r.code != exitOK || r.stdout != want {
		t.Errorf("fixlint upgrade: exit %d\n%s\nwant\n%s\nstderr:\n%s", r.code, r.stdout, want, r.stderr)
	}
	after, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	afterSum, _ := os.ReadFile(filepath.Join(app, "go.sum"))
	if !bytes.Equal(after, gomod) || !bytes.Equal(afterSum, gosum) {
		t.Errorf("fixlint upgrade changed go.mod or go.sum:\n%s", after)
	}

	// One named upgrade, as JSON.
	r = runIn(t, app, env, fixlintBin, "upgrade", "-osv", db, "-format", "json", "example.com/dep@v1.1.0")
	var msg struct {
		Plan struct {
			Module, From, To string
			Breaks           []struct{ Position, Message string }
			Brings           []struct{ Card string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &msg); err != nil || msg.Plan.Module != "example.com/dep" || msg.Plan.From != "v1.0.0" ||
		len(msg.Plan.Breaks) != 1 || !strings.HasPrefix(msg.Plan.Breaks[0].Position, "main.go:10:") || len(msg.Plan.Brings) != 1 || msg.Plan.Brings[0].Card != "GO-9999-0502" {
		t.Errorf("fixlint upgrade -format json example.com/dep@v1.1.0: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}

	// -apply: an upgrade that breaks nothing is applied and checked; one
	// that breaks main.go and brings a known problem is applied and says
	// so, with exit status 1.
	r = runIn(t, app, env, fixlintBin, "upgrade", "-apply", "-osv", db, "example.com/safe@v1.0.1")
	if r.code != exitOK || !strings.Contains(r.stdout, "applied: go get example.com/safe@v1.0.1\n1 package checked, and all type-check after the upgrades\nknown problems left: 1\n") {
		t.Errorf("-apply example.com/safe@v1.0.1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(app, "go.mod")); !strings.Contains(string(data), "example.com/safe v1.0.1") {
		t.Errorf("-apply did not upgrade go.mod:\n%s", data)
	}
	r = runIn(t, app, env, fixlintBin, "upgrade", "-apply", "-osv", db, "example.com/dep@v1.1.0")
	if r.code != exitError || !strings.Contains(r.stdout, "main.go:10:12: cannot use 1") || !strings.Contains(r.stdout, "the upgrades broke 1 place:") {
		t.Errorf("-apply example.com/dep@v1.1.0: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// A version the proxy does not have: the plan says it could not look.
	r = runIn(t, app, env, fixlintBin, "upgrade", "-osv", db, "example.com/dep@v1.9.9")
	if r.code != exitError || !regexp.MustCompile(`not checked: could not compute the new build list: go get .*example.com/dep@v1.9.9`).MatchString(r.stdout) {
		t.Errorf("an upgrade to a missing version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestUpgradeRealModule plans FIX-0003's upgrade of the real kin-openapi,
// from the module proxy: v0.121.0 => v0.144.0 fixes the card, and the
// code's range over doc.Paths no longer compiles (Paths became a struct
// in v0.122.0), reported at its line.
func TestUpgradeRealModule(t *testing.T) {
	testenv.Integration(t, "downloads kin-openapi v0.121.0 and v0.144.0 from the module proxy")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/api\n\ngo 1.22\n\nrequire github.com/getkin/kin-openapi v0.121.0\n")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

func main() {
	doc, _ := openapi3.NewLoader().LoadFromFile("api.yaml")
	for path, item := range doc.Paths {
		fmt.Println(path, item.Summary)
	}
	_ = (&openapi3filter.ValidationHandler{}).Load()
}
`)
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if r := runIn(t, dir, append(env, "GOFLAGS=-mod=mod"), "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy (needs the module proxy): %s", r.stderr)
	}
	r := runIn(t, dir, env, fixlintBin, "upgrade", "-osv=off", "./...")
	for _, want := range []string{
		"github.com/getkin/kin-openapi v0.121.0 => v0.144.0 (go get github.com/getkin/kin-openapi@v0.144.0)",
		"FIX-0003 in github.com/getkin/kin-openapi v0.121.0 (reached from your code): ",
		"breaks 1 place",
		"main.go:12:26: cannot range over doc.Paths",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("fixlint upgrade lacks %q (exit %d):\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
}

// TestUpgradeApplyKeepsEarlierMoves: -apply runs the plans one by one;
// when the first (example.com/a v1.1.0, which requires example.com/b
// v1.2.0) has moved b past the second plan's version (b v1.1.0), the
// second is not applied: its go get would move b back down, and a with it.
func TestUpgradeApplyKeepsEarlierMoves(t *testing.T) {
	proxy, penv := proxyEnv(t)
	publish(t, proxy, "example.com/b", "v1.0.0")
	publish(t, proxy, "example.com/b", "v1.1.0")
	publish(t, proxy, "example.com/b", "v1.2.0")
	publish(t, proxy, "example.com/a", "v1.0.0", "example.com/b v1.0.0")
	publish(t, proxy, "example.com/a", "v1.1.0", "example.com/b v1.2.0")
	db := t.TempDir()
	if err := fixture.WriteOSV(db,
		fixture.Record{ID: "GO-9999-0511", Summary: "a misbehaves", Module: "example.com/a", Fixed: "1.1.0", Package: "example.com/a"},
		fixture.Record{ID: "GO-9999-0512", Summary: "b misbehaves", Module: "example.com/b", Fixed: "1.1.0", Package: "example.com/b"},
	); err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	env := hermetic(penv...)
	tidyApp(t, app, penv, []string{"example.com/a", "example.com/b"}, "example.com/a v1.0.0", "example.com/b v1.0.0")
	r := runIn(t, app, env, fixlintBin, "upgrade", "-apply", "-osv", db, "./...")
	if r.code != exitOK || !strings.Contains(r.stdout, "applied: go get example.com/a@v1.1.0\n") ||
		!strings.Contains(r.stdout, "not applied: go get example.com/b@v1.1.0 (an earlier upgrade moved example.com/b to v1.2.0)") {
		t.Errorf("-apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	gomod, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	if !strings.Contains(string(gomod), "example.com/a v1.1.0") || !strings.Contains(string(gomod), "example.com/b v1.2.0") {
		t.Errorf("go.mod after -apply:\n%s", gomod)
	}
}

// TestUpgradeMigrations: the plan of an upgrade that renames an API (a
// card's rename_to) and marks an old function //go:fix inline shows both
// migrations and their diff, says the renames clear the breaks, changes
// nothing; -apply makes them, and the module builds.
//   - example.com/lib v1.1.0 fixes GO-9999-0521, renames OldName to
//     NewName (TEST-0001 says so) and turns Sum into a //go:fix inline
//     wrapper of Add.
//   - package old of the app uses OldName (broken at v1.1.0), package
//     sum calls Sum (to be inlined).
func TestUpgradeMigrations(t *testing.T) {
	proxy, penv := proxyEnv(t)
	add := func(version string, files map[string]string) {
		t.Helper()
		m := map[string][]byte{}
		for k, v := range files {
			m[k] = []byte(v)
		}
		if err := proxy.Add("example.com/lib", version, m); err != nil {
			t.Fatal(err)
		}
	}
	add("v1.0.0", map[string]string{"lib.go": "package lib\n\nfunc OldName() int { return 1 }\n\nfunc Sum(a, b int) int { return a + b }\n"})
	add("v1.1.0", map[string]string{"lib.go": "package lib\n\nfunc NewName() int { return 1 }\n\n// Sum is Add.\n//\n//go:fix inline\nfunc Sum(a, b int) int { return Add(a, b) }\n\nfunc Add(a, b int) int { return a + b }\n"})
	db := t.TempDir()
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0521", Summary: "lib misbehaves", Module: "example.com/lib", Fixed: "1.1.0", Package: "example.com/lib"}); err != nil {
		t.Fatal(err)
	}
	cards := t.TempDir()
	writeFile(t, filepath.Join(cards, "TEST-0001.yaml"), `id: TEST-0001
title: OldName is renamed NewName
module: example.com/lib
kind: deprecation
severity: low
affected:
  - introduced: v1.1.0
links:
  fix: https://example.com/lib/rename
what_broke: OldName is gone from v1.1.0.
why: the function was renamed.
fix_options:
  - title: Use the new name
    how: replace OldName with NewName
fix_does_not_apply_when: the code must still build against v1.0.0
confidence: high
verified:
  on: 2026-12-03
  how: a test fixture about a fake module
triggers:
  - uses: example.com/lib.OldName
    rename_to: NewName
    message: OldName is the old name of NewName
`)
	app := t.TempDir()
	writeFile(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n")
	writeFile(t, filepath.Join(app, "old", "old.go"), "package old\n\nimport \"example.com/lib\"\n\nvar One = lib.OldName()\n")
	writeFile(t, filepath.Join(app, "sum", "sum.go"), "package sum\n\nimport \"example.com/lib\"\n\nfunc Three() int {\n\treturn lib.Sum(1, 2)\n}\n")
	env := hermetic(penv...)
	if r := runIn(t, app, env, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}
	oldSrc, _ := os.ReadFile(filepath.Join(app, "old", "old.go"))

	r := runIn(t, app, env, fixlintBin, "upgrade", "-osv", db, "-rules", cards, "./...")
	want := `example.com/lib v1.0.0 => v1.1.0 (go get example.com/lib@v1.1.0)
  note: calls to inline (//go:fix inline) not looked for: 1 package does not type-check at the new versions (make the other migrations, then plan again)
  fixes 1:
    GO-9999-0521 in example.com/lib v1.0.0 (imported): lib misbehaves
  breaks 1 place (they type-check today, not at the new versions):
    old/old.go:5:15: undefined: lib.OldName
  migrates 2 places (fixlint upgrade -apply makes them):
    old/old.go:5:15: lib.OldName is lib.NewName from example.com/lib v1.1.0 (TEST-0001)
    sum/sum.go:6:9: lib.Sum is inlined, as its //go:fix inline directive in example.com/lib v1.1.0 asks
  with the migrations made, nothing is broken
    --- a/old/old.go
    +++ b/old/old.go
    @@ -2,4 +2,4 @@
     
     import "example.com/lib"
     
    -var One = lib.OldName()
    +var One = lib.NewName()
    --- a/sum/sum.go
    +++ b/sum/sum.go
    @@ -3,5 +3,5 @@
     import "example.com/lib"
     
     func Three() int {
    -	return lib.Sum(1, 2)
    +	return lib.Add(1, 2)
     }
`
	if r.code != exitOK || r.stdout != want {
		t.Errorf("fixlint upgrade: exit %d\n%s\nwant\n%s\nstderr:\n%s", r.code, r.stdout, want, r.stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(app, "old", "old.go")); !bytes.Equal(now, oldSrc) {
		t.Errorf("the plan changed old/old.go:\n%s", now)
	}

	r = runIn(t, app, env, fixlintBin, "upgrade", "-format", "json", "-osv", db, "-rules", cards, "./...")
	var msg struct {
		Plan struct {
			Migrations []struct{ Position, Kind, Card string }
			Diff       string
			Remaining  []any `json:"breaks_after_migrations"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &msg); err != nil || len(msg.Plan.Migrations) != 2 ||
		msg.Plan.Migrations[0].Kind != "rename" || msg.Plan.Migrations[0].Card != "TEST-0001" || msg.Plan.Migrations[1].Kind != "inline" ||
		!strings.Contains(msg.Plan.Diff, "+var One = lib.NewName()") || len(msg.Plan.Remaining) != 0 {
		t.Errorf("fixlint upgrade -format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}

	r = runIn(t, app, env, fixlintBin, "upgrade", "-apply", "-osv", db, "-rules", cards, "./...")
	if r.code != exitOK || !strings.Contains(r.stdout, "applied: 2 migrations of example.com/lib in 2 files\n") ||
		!strings.Contains(r.stdout, "2 packages checked, and all type-check after the upgrades\n") {
		t.Errorf("-apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, app, env, "go", "build", "./..."); r.code != 0 {
		t.Errorf("go build after -apply: %s", r.stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(app, "sum", "sum.go")); !strings.Contains(string(now), "return lib.Add(1, 2)") {
		t.Errorf("sum/sum.go after -apply:\n%s", now)
	}
}

// TestUpgradeChanges: uses that still compile at the new version, but
// whose symbol changed under them, are listed with what changed; an added
// trailing variadic parameter is not a change of meaning, and a use that
// no longer compiles is a break, not a change.
func TestUpgradeChanges(t *testing.T) {
	proxy, penv := proxyEnv(t)
	add := func(version, src string) {
		t.Helper()
		if err := proxy.Add("example.com/lib", version, map[string][]byte{"lib.go": []byte(src)}); err != nil {
			t.Fatal(err)
		}
	}
	add("v1.0.0", `package lib

const Limit = 10

func Scale(n int) int { return n }

type T struct{ N int }

func (T) Get() int { return 0 }

func Other(a int) int { return a }
`)
	add("v1.1.0", `package lib

const Limit = 20

func Scale(n int64) int64 { return n }

type T struct{ N int64 }

func (T) Get(opts ...int) int { return 0 }

func Other(a, b int) int { return a }
`)
	app := t.TempDir()
	writeFile(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n")
	writeFile(t, filepath.Join(app, "main.go"), `package main

import "example.com/lib"

func main() {
	var t lib.T
	t.N = lib.Limit
	_ = lib.Scale(2)
	_ = t.Get()
	_ = lib.Other(1)
}
`)
	env := hermetic(penv...)
	if r := runIn(t, app, env, "go", "mod", "tidy"); r.code != 0 {
		t.Fatalf("go mod tidy: %s", r.stderr)
	}
	r := runIn(t, app, env, fixlintBin, "upgrade", "-osv=off", "example.com/lib@v1.1.0")
	want := `example.com/lib v1.0.0 => v1.1.0 (go get example.com/lib@v1.1.0)
  fixes no known problem
  breaks 1 place (they type-check today, not at the new versions):
    main.go:10:17: not enough arguments in call to lib.Other
      have (number)
      want (int, int)
  changes under 3 uses (they compile at the new versions; check what they mean):
    main.go:7:4: (lib.T).N was of type int, is of type int64
    main.go:7:12: lib.Limit was 10, is 20
    main.go:8:10: lib.Scale was func(n int) int, is func(n int64) int64
`
	if r.code != exitOK || r.stdout != want {
		t.Errorf("fixlint upgrade: exit %d\n%s\nwant\n%s\nstderr:\n%s", r.code, r.stdout, want, r.stderr)
	}

	// Replaced by a directory: go get would not change what is built, and
	// the plan says so rather than judge versions.
	writeFile(t, filepath.Join(app, "locallib", "go.mod"), "module example.com/lib\n\ngo 1.22\n")
	writeFile(t, filepath.Join(app, "locallib", "lib.go"), "package lib\n\nconst Limit = 10\n\nfunc Scale(n int) int { return n }\n\ntype T struct{ N int }\n\nfunc (T) Get() int { return 0 }\n\nfunc Other(a int) int { return a }\n")
	gomod, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	writeFile(t, filepath.Join(app, "go.mod"), string(gomod)+"\nreplace example.com/lib => ./locallib\n")
	r = runIn(t, app, env, fixlintBin, "upgrade", "-osv=off", "example.com/lib@v1.1.0")
	if r.code != exitError || !strings.Contains(r.stdout, "not checked: example.com/lib is replaced by a directory or another module") {
		t.Errorf("plan for a replaced module: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestUpgradeBringsUnused: a problem an upgrade brings in a module that
// only enters the module graph (its go.mod is required, none of its
// packages is built) is counted apart, not listed as brought into the
// program, and -apply does not fail for it.
func TestUpgradeBringsUnused(t *testing.T) {
	proxy, penv := proxyEnv(t)
	publish(t, proxy, "example.com/tool", "v1.1.0")
	// example.com/a v1.1.0 requires example.com/tool in its go.mod (for
	// its tests, say) but imports none of its packages.
	if err := proxy.Add("example.com/a", "v1.0.0", map[string][]byte{"go.mod": []byte("module example.com/a\n\ngo 1.22\n"), "a.go": []byte("package a\n\nfunc F() {}\n")}); err != nil {
		t.Fatal(err)
	}
	if err := proxy.Add("example.com/a", "v1.1.0", map[string][]byte{"go.mod": []byte("module example.com/a\n\ngo 1.22\n\nrequire example.com/tool v1.1.0\n"), "a.go": []byte("package a\n\nfunc F() {}\n")}); err != nil {
		t.Fatal(err)
	}
	db := osvDB(t, fixture.Record{ID: "GO-9999-0531", Summary: "tool misbehaves", Module: "example.com/tool", Introduced: "1.1.0", Fixed: "1.2.0", Package: "example.com/tool"})
	app := t.TempDir()
	tidyApp(t, app, penv, []string{"example.com/a"}, "example.com/a v1.0.0")
	env := hermetic(penv...)
	r := runIn(t, app, env, fixlintBin, "upgrade", "-osv", db, "example.com/a@v1.1.0")
	if r.code != exitOK || !strings.Contains(r.stdout, "  brings 1 known problem in modules no package of which is built: GO-9999-0531 (example.com/tool v1.1.0)\n") ||
		strings.Contains(r.stdout, "  brings GO-9999-0531") {
		t.Errorf("fixlint upgrade: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, app, env, fixlintBin, "upgrade", "-apply", "-osv", db, "example.com/a@v1.1.0")
	if r.code != exitOK || !strings.Contains(r.stdout, "applied: go get example.com/a@v1.1.0\n") {
		t.Errorf("-apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestUpgradeOrder: the plan that fixes a problem the code reaches comes
// before one that fixes more problems the code only imports.
func TestUpgradeOrder(t *testing.T) {
	proxy, penv := proxyEnv(t)
	for _, m := range []string{"example.com/x", "example.com/y"} {
		publish(t, proxy, m, "v1.0.0")
		publish(t, proxy, m, "v1.1.0")
	}
	db := osvDB(t,
		fixture.Record{ID: "GO-9999-0541", Summary: "x.F misbehaves", Module: "example.com/x", Fixed: "1.1.0", Package: "example.com/x", Symbols: []string{"F"}},
		fixture.Record{ID: "GO-9999-0542", Summary: "y misbehaves", Module: "example.com/y", Fixed: "1.1.0", Package: "example.com/y"},
		fixture.Record{ID: "GO-9999-0543", Summary: "y misbehaves again", Module: "example.com/y", Fixed: "1.1.0", Package: "example.com/y"})
	app := t.TempDir()
	tidyApp(t, app, penv, []string{"example.com/x", "example.com/y"}, "example.com/x v1.0.0", "example.com/y v1.0.0")
	r := runIn(t, app, hermetic(penv...), fixlintBin, "upgrade", "-osv", db, "./...")
	x := strings.Index(r.stdout, "example.com/x v1.0.0 => v1.1.0")
	y := strings.Index(r.stdout, "example.com/y v1.0.0 => v1.1.0")
	if r.code != exitOK || x < 0 || y < 0 || x > y || !strings.Contains(r.stdout, "    GO-9999-0541 in example.com/x v1.0.0 (reached from your code): x.F misbehaves\n") {
		t.Errorf("fixlint upgrade: exit %d, want x's plan first\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestUpgradeScope: a plan type-checks again only the packages that use a
// module it moves; the others compile at the new versions as today.
func TestUpgradeScope(t *testing.T) {
	proxy, penv := proxyEnv(t)
	for _, m := range []string{"example.com/x", "example.com/y"} {
		publish(t, proxy, m, "v1.0.0")
		publish(t, proxy, m, "v1.1.0")
	}
	app := t.TempDir()
	writeFile(t, filepath.Join(app, "plain", "plain.go"), "package plain\n\nfunc H() {}\n")
	writeFile(t, filepath.Join(app, "usey", "usey.go"), "package usey\n\nimport \"example.com/y\"\n\nfunc G() { y.F() }\n")
	tidyApp(t, app, penv, []string{"example.com/x"}, "example.com/x v1.0.0", "example.com/y v1.0.0")
	env := hermetic(penv...)
	r := runIn(t, app, env, fixlintBin, "upgrade", "-osv=off", "example.com/x@v1.1.0", "./...")
	if r.code != exitOK || !strings.Contains(r.stdout, "example.com/x v1.0.0 => v1.1.0") ||
		!strings.Contains(r.stdout, "  breaks nothing in your code: the 1 package checked type-checks at the new versions (2 others use no module it moves)\n") {
		t.Errorf("plan of x: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, app, env, fixlintBin, "upgrade", "-osv=off", "example.com/x@v1.1.0", "./plain")
	if r.code != exitOK || !strings.Contains(r.stdout, "  breaks nothing in your code: no package of yours uses a module it moves\n") {
		t.Errorf("plan of x for ./plain: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestUpgradeNoModule: with no go.mod the check cannot list the build, so
// there is nothing to plan, and the exit status says the check failed.
func TestUpgradeNoModule(t *testing.T) {
	dir := t.TempDir()
	r := runIn(t, dir, hermetic(), fixlintBin, "upgrade")
	if r.code != exitError || !strings.Contains(r.stderr, "it met the errors above") {
		t.Errorf("fixlint upgrade without go.mod: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
