package modcheck

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// corpus holds go.mod files of real projects (see ../shared/data/README.md).
const corpus = "../../../shared/data/gomod"

func needCorpus(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(corpus, "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("the real-world corpus %s is missing: clone the repository with ../shared beside it", corpus)
	}
	return dirs
}

// TestCorpus reads every go.mod (vendor.mod, go.work) of the corpus, checks
// it against the embedded catalog and the Go vulnerability database, and
// compares the findings with a golden file. The versions are the ones each
// file requires (no network): the findings say what fixlint reports for
// these exact pins.
func TestCorpus(t *testing.T) {
	dirs := needCorpus(t)
	cat, errs := rules.NewCatalog(rules.Embedded())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ix, recErrs, err := osv.Open("../../../shared/data/vulndb-osv")
	if err != nil || len(recErrs) > 0 {
		t.Fatalf("the OSV database: %v %v", err, recErrs)
	}
	cat.AddSource(ix)

	var out strings.Builder
	for _, dir := range dirs {
		project := filepath.Base(dir)
		for _, name := range []string{"go.mod", "vendor.mod", "go.work"} {
			file := filepath.Join(dir, name)
			data, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			if name == "go.work" {
				w, err := modfile.ParseWork(file, data, nil)
				if err != nil {
					t.Errorf("%s: %v", file, err)
					continue
				}
				fmt.Fprintf(&out, "%s/%s: workspace of %d modules\n", project, name, len(w.Use))
				continue
			}
			f, err := modfile.Parse(file, data, nil)
			if err != nil {
				t.Errorf("%s: a real go.mod does not parse: %v", file, err)
				continue
			}
			list := buildlist.FromGoMod(file, f)
			fds, errs := Check(list, cat, Options{})
			for _, e := range errs {
				t.Errorf("%s: %v", file, e)
			}
			byCard := make(map[string]bool)
			var lines []string
			for _, fd := range fds {
				byCard[fd.Card] = true
				lines = append(lines, fmt.Sprintf("  %4d:%d %s %s %s -> %s", fd.Position.Line, fd.Position.Col, fd.Card, fd.Module, fd.Version, fd.Fixed))
			}
			sort.Strings(lines)
			fmt.Fprintf(&out, "%s/%s: %d requires, %d findings\n%s", project, name, len(f.Require), len(fds), joinLines(lines))
		}
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		os.MkdirAll("testdata", 0o777)
		if err := os.WriteFile(golden, []byte(out.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if out.String() != string(want) {
		t.Errorf("findings on the corpus changed (go test -update rewrites %s after review):\n%s", golden, diffLines(string(want), out.String()))
	}
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// diffLines lists lines only in a or only in b.
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := make(map[string]bool)
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range ma {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range mb {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestBadGoMod: a malformed go.mod is an error naming the file and line; the
// other main modules are still checked.
func TestBadGoMod(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad", "go.mod")
	good := filepath.Join(dir, "good", "go.mod")
	os.MkdirAll(filepath.Dir(bad), 0o777)
	os.MkdirAll(filepath.Dir(good), 0o777)
	os.WriteFile(bad, []byte("module example.com/bad\n\ngo 1.22\n\nrequire github.com/go-resty/resty/v2 latest\n"), 0o666)
	os.WriteFile(good, []byte("module example.com/good\n\ngo 1.22\n\nrequire github.com/go-resty/resty/v2 v2.16.3\n"), 0o666)
	list := &buildlist.List{
		Main: []*buildlist.Module{{Path: "example.com/bad", Main: true, GoMod: bad}, {Path: "example.com/good", Main: true, GoMod: good}},
		ByPath: map[string]*buildlist.Module{
			"github.com/go-resty/resty/v2": {Path: "github.com/go-resty/resty/v2", Version: "v2.16.3"},
		},
	}
	cat, _ := rules.NewCatalog(rules.Embedded())
	fds, errs := Check(list, cat, Options{})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), bad+":5:") {
		t.Errorf("errs = %v, want one naming %s:5", errs, bad)
	}
	if len(fds) == 0 || fds[0].Position.File != good {
		t.Errorf("the good go.mod's findings are lost: %v", fds)
	}
}

func FuzzGoModCheck(f *testing.F) {
	for _, name := range []string{"gin-gonic__gin/go.mod", "prometheus__prometheus__00036cd1/go.mod", "p3ls__osutil__retract/go.mod", "etcd-io__etcd/go.mod"} {
		if data, err := os.ReadFile(filepath.Join(corpus, name)); err == nil {
			f.Add(data)
		}
	}
	cat, _ := rules.NewCatalog(rules.Embedded())
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "go.mod")
		os.WriteFile(file, data, 0o666)
		pf, err := modfile.Parse(file, data, nil)
		if err != nil {
			return
		}
		list := buildlist.FromGoMod(file, pf)
		fds, _ := Check(list, cat, Options{})
		for _, fd := range fds {
			if fd.Position.Line < 1 {
				t.Fatalf("finding without a line: %+v", fd)
			}
		}
	})
}

// TestGoModIgnores: a directive on a require line silences that line's
// card; one that silences nothing, or has no reason, is reported.
func TestGoModIgnores(t *testing.T) {
	file := filepath.Join(t.TempDir(), "go.mod")
	os.WriteFile(file, []byte(`module example.com/x

go 1.22

require (
	github.com/go-resty/resty/v2 v2.16.3 // indirect; fixlint:ignore FIX-0002 the API accepts Bearer
	github.com/getkin/kin-openapi v0.144.0 // fixlint:ignore FIX-0003 fixed already
	github.com/go-chi/chi/v5 v5.3.1 // fixlint:ignore FIX-0024
)
`), 0o666)
	data, _ := os.ReadFile(file)
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Require[0].Indirect {
		t.Error("the directive removed the indirect marker")
	}
	cat, _ := rules.NewCatalog(rules.Embedded())
	fds, errs := Check(buildlist.FromGoMod(file, f), cat, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, fd := range fds {
		got = append(got, fmt.Sprintf("%d %s %s", fd.Position.Line, fd.Card, fd.Message))
	}
	sort.Strings(got)
	// Line 6's FIX-0002 is silenced; v0.144.0 is fixed, so line 7's
	// directive is stale; line 8's has no reason, so FIX-0024 shows.
	want := []string{
		"7 ignore fixlint:ignore FIX-0003 matched no finding on this line; remove it",
		"8 FIX-0024 github.com/go-chi/chi/v5 v5.3.1 is affected by FIX-0024",
		"8 ignore malformed fixlint:ignore directive",
	}
	if len(got) != len(want) {
		t.Fatalf("findings:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

// TestBadModFiles: a module required twice and a malformed go.work are
// errors naming the file and line, never a panic.
func TestBadModFiles(t *testing.T) {
	_, err := modfile.Parse("go.mod", []byte("module m\n\ngo 1.22\n\nrequire (\n\tx.com/a v1.0.0\n\tx.com/a v1.1.0\n)\n"), nil)
	// modfile accepts a module required twice (the go command then uses the
	// higher); the check must not panic on it.
	if err == nil {
		f, _ := modfile.Parse("go.mod", []byte("module m\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-resty/resty/v2 v2.16.3\n\tgithub.com/go-resty/resty/v2 v2.16.5\n)\n"), nil)
		cat, _ := rules.NewCatalog(rules.Embedded())
		Check(buildlist.FromGoMod("go.mod", f), cat, Options{})
	} else if !strings.Contains(err.Error(), "go.mod:7") {
		t.Errorf("duplicate require: %v", err)
	}
	_, err = modfile.ParseWork("go.work", []byte("go 1.22\n\nuse (\n\t./a\n\tbogus directive\n)\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "go.work:5") {
		t.Errorf("malformed go.work: %v, want an error naming go.work:5", err)
	}
}
