package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
)

var upgradeBenchFiles = flag.Int("upgrade-bench-files", 1, "BenchmarkUpgradePlan: files of about 47 lines per package")

// BenchmarkUpgradePlan measures issue 14's target: fixlint upgrade ./...
// on a module of 200 packages with 5 upgrade candidates, warm, in under
// 10 s. The module's packages import each other (p_i imports p_{i/2} and
// p_{i/3}, so the import graph is 8 levels deep, not a chain) and one of
// 5 fake dependency modules each; every tenth package has a test file.
// Each package is one file of about 47 lines (9,400 lines in all), or
// -upgrade-bench-files such files.
//
// The dependencies come from a file-based module proxy at an affected
// (v1.0.0) and a fixed (v1.1.0) version, with an OSV record each, so the
// check recommends 5 upgrades and fixlint upgrade makes 5 plans.
//
// It runs the command in process (run, as main does), after one run in
// setup that fills the module cache and the build cache. Besides ns/op it
// reports s/run and s/plan, and the share of the wall time during which a
// go command was running (go-share-%; overlapping go commands count once)
// and how many it ran (go-cmds/run), measured by putting goTimer first in
// PATH. That wrapper adds a process start per go command, which s/run
// includes: about 1.5 ms each, 60 ms of a run here.
//
//	go test ./cmd/fixlint -run '^$' -bench BenchmarkUpgradePlan -benchtime 3x
//	go test ./cmd/fixlint -run '^$' -bench BenchmarkUpgradePlan -benchtime 3x -args -upgrade-bench-files 10
func BenchmarkUpgradePlan(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: generates a 200-package module and runs the go command")
	}
	const packages, deps = 200, 5
	if *upgradeBenchFiles < 1 {
		b.Fatalf("-upgrade-bench-files %d: want 1 or more", *upgradeBenchFiles)
	}
	proxy, penv := proxyEnv(b)
	var imports, reqs []string
	var records []fixture.Record
	for i := range deps {
		path := fmt.Sprintf("example.com/dep%d", i)
		publish(b, proxy, path, "v1.0.0")
		publish(b, proxy, path, "v1.1.0")
		imports = append(imports, path)
		reqs = append(reqs, path+" v1.0.0")
		records = append(records, fixture.Record{
			ID: fmt.Sprintf("GO-9999-%04d", 600+i), Summary: path + " misbehaves",
			Module: path, Fixed: "1.1.0", Package: path,
		})
	}
	db := osvDB(b, records...)
	app := b.TempDir()
	lines := 0
	for i := range packages {
		for k := range *upgradeBenchFiles {
			src := benchSource(i, k, deps)
			lines += strings.Count(src, "\n")
			writeFile(b, filepath.Join(app, benchPkg(i), fmt.Sprintf("%s_%d.go", benchPkg(i), k)), src)
		}
		if i%10 == 0 {
			writeFile(b, filepath.Join(app, benchPkg(i), benchPkg(i)+"_test.go"), "package "+benchPkg(i)+
				"\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {\n\tF()\n\tif New(\"x\", 1).Len() != 1 {\n\t\tt.Fatal(\"Len\")\n\t}\n}\n")
		}
		if 2*i >= packages {
			imports = append(imports, "example.com/app/"+benchPkg(i)) // no other package imports it
		}
	}
	tidyApp(b, app, append(penv, "GOFLAGS=-mod=mod"), imports, reqs...)
	b.Logf("the module: %d packages, %d lines (and %d test files), %d dependencies", packages, lines, packages/10, deps)

	// The environment of TestUpgradePlan's runs (hermetic), in process.
	for _, kv := range hermetic(penv...) {
		if k, v, _ := strings.Cut(kv, "="); os.Getenv(k) != v {
			b.Setenv(k, v)
		}
	}
	times := goTimer(b)
	b.Chdir(app)
	args := []string{"upgrade", "-osv", db, "./..."}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != exitOK || strings.Count(stdout.String(), " v1.0.0 => v1.1.0 (go get ") != deps ||
		strings.Count(stdout.String(), "breaks nothing in your code") != deps {
		b.Fatalf("fixlint upgrade ./... (setup): exit %d, want %d plans that break nothing\n%s%s", code, deps, clip(stdout.String()), clip(stderr.String()))
	}
	if times != "" {
		os.Truncate(times, 0)
	}

	runs := 0
	start := time.Now()
	for b.Loop() {
		stdout.Reset()
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != exitOK {
			b.Fatalf("fixlint upgrade ./...: exit %d\n%s", code, clip(stderr.String()))
		}
		runs++
	}
	wall := time.Since(start)
	b.ReportMetric(wall.Seconds()/float64(runs), "s/run")
	b.ReportMetric(wall.Seconds()/float64(runs*deps), "s/plan")
	if times != "" {
		busy, n, kinds, err := goBusy(times)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d runs, go commands in all runs (count, time):\n%s", runs, strings.Join(kinds, "\n"))
		b.ReportMetric(100*busy.Seconds()/wall.Seconds(), "go-share-%")
		b.ReportMetric(float64(n)/float64(runs), "go-cmds/run")
	}
}

func benchPkg(i int) string { return fmt.Sprintf("p%03d", i) }

// benchSource is file k of package p_i: a type with a few methods, and an
// F that calls the F of p_{i/2}, p_{i/3} and dependency i%deps (file 0's
// names have no suffix, file k's end in k).
func benchSource(i, k, deps int) string {
	var imps, calls []string
	seen := map[int]bool{}
	for _, j := range []int{i / 2, i / 3} {
		if j < i && !seen[j] {
			seen[j] = true
			imps = append(imps, fmt.Sprintf("%q", "example.com/app/"+benchPkg(j)))
			calls = append(calls, benchPkg(j)+".F()")
		}
	}
	dep := fmt.Sprintf("dep%d", i%deps)
	imps = append(imps, fmt.Sprintf("%q", "example.com/"+dep), `"fmt"`, `"sort"`, `"strings"`)
	calls = append(calls, dep+".F()")
	src := fmt.Sprintf(`package %[1]s

import (
	%[2]s
)

// Item is a name with a weight.
type Item struct {
	Name   string
	Weight int
}

// List is a sorted list of items.
type List struct{ items []Item }

// New returns a list of one item.
func New(name string, weight int) *List { return &List{items: []Item{{name, weight}}} }

// Add adds an item and keeps the list sorted by weight.
func (l *List) Add(name string, weight int) {
	l.items = append(l.items, Item{name, weight})
	sort.Slice(l.items, func(a, b int) bool { return l.items[a].Weight < l.items[b].Weight })
}

// Len is the number of items.
func (l *List) Len() int { return len(l.items) }

// String lists the names.
func (l *List) String() string {
	names := make([]string, 0, len(l.items))
	for _, it := range l.items {
		names = append(names, fmt.Sprintf("%%s:%%d", strings.ToUpper(it.Name), it.Weight))
	}
	return strings.Join(names, ",")
}

// F is called by the packages that import this one.
func F() {
	%[3]s
}
`, benchPkg(i), strings.Join(imps, "\n\t"), strings.Join(calls, "\n\t"))
	if k == 0 {
		return src
	}
	sfx := strconv.Itoa(k)
	return strings.NewReplacer("Item", "Item"+sfx, "List", "List"+sfx, "func New(", "func New"+sfx+"(", "func F()", "func F"+sfx+"()", "// F ", "// F"+sfx+" ").Replace(src)
}

// goTimerSource is the go command wrapper that goTimer builds: it runs the
// go command of FIXLINT_BENCH_REAL_GO and appends its start and end times
// to FIXLINT_BENCH_GO_TIMES. It is a program of its own, not the test
// binary run again: this one adds about 1.5 ms to a go command, the test
// binary about 8.
const goTimerSource = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"time"
)

func main() {
	start := time.Now()
	cmd := exec.Command(os.Getenv("FIXLINT_BENCH_REAL_GO"), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	end := time.Now()
	if f, err := os.OpenFile(os.Getenv("FIXLINT_BENCH_GO_TIMES"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o666); err == nil {
		fmt.Fprintf(f, "%d %d %q\n", start.UnixNano(), end.UnixNano(), os.Args[1:]) // one short write: atomic with O_APPEND
		f.Close()
	}
	if ee, ok := err.(*exec.ExitError); ok {
		os.Exit(ee.ExitCode())
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// goTimer builds goTimerSource as go, puts it first in PATH, and returns
// the file where it writes the times; "" when it cannot.
func goTimer(b *testing.B) string {
	realGo, err := exec.LookPath("go")
	if err != nil {
		b.Fatal(err)
	}
	if realGo, err = filepath.Abs(realGo); err != nil {
		b.Fatal(err)
	}
	src, bin := b.TempDir(), b.TempDir()
	writeFile(b, filepath.Join(src, "go.mod"), "module gotimer\n\ngo 1.22\n")
	writeFile(b, filepath.Join(src, "main.go"), goTimerSource)
	cmd := exec.Command(realGo, "build", "-o", filepath.Join(bin, "go"+exeSuffix()), ".")
	cmd.Dir = src
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Logf("go-share not measured: go build: %v\n%s", err, out)
		return ""
	}
	times := filepath.Join(src, "times")
	b.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	b.Setenv("FIXLINT_BENCH_REAL_GO", realGo)
	b.Setenv("FIXLINT_BENCH_GO_TIMES", times)
	return times
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// goBusy reads the wrapper's times and returns how long at least one go
// command ran, how many ran, and a line per kind of go command (go env, go
// get, go list -m, go list of packages): how many, and their total time.
func goBusy(file string) (time.Duration, int, []string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, 0, nil, err
	}
	var spans [][2]int64
	type total struct {
		n int
		d time.Duration
	}
	kinds := map[string]*total{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.SplitN(line, " ", 3)
		if len(f) != 3 {
			continue
		}
		s, err1 := strconv.ParseInt(f[0], 10, 64)
		e, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, 0, nil, fmt.Errorf("%s: bad line %q", file, line)
		}
		spans = append(spans, [2]int64{s, e})
		kind := strings.Trim(strings.Fields(strings.Trim(f[2], "[]"))[0], `"`)
		switch {
		case kind != "list":
		case strings.Contains(f[2], `"-m"`):
			kind += " -m"
		case strings.Contains(f[2], `"-json=`):
			kind += " -json (go/packages' load)"
		default:
			kind += " -f (go/packages' queries)"
		}
		if kinds[kind] == nil {
			kinds[kind] = &total{}
		}
		kinds[kind].n++
		kinds[kind].d += time.Duration(e - s)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var busy, end int64
	for _, s := range spans {
		if s[0] > end {
			end = s[0]
		}
		if s[1] > end {
			busy += s[1] - end
			end = s[1]
		}
	}
	var lines []string
	for k, t := range kinds {
		lines = append(lines, fmt.Sprintf("go %s: %d, %.2fs", k, t.n, t.d.Seconds()))
	}
	sort.Strings(lines)
	return time.Duration(busy), len(spans), lines, nil
}
