package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/osv"
)

// Rows about Go vulnerability databases: the OSV records of a -osv
// directory, and the index compiled from them (by fixlint osv compile, or
// into the user cache). A broken record or a corrupt index must never hide
// a vulnerability quietly: the user hears of it, and the exit code says so.

// restyRecord is an OSV record about the demo's resty v2.16.3, with a title
// found nowhere else in the index, to locate its cards' block.
var restyRecord = fixture.Record{
	ID: "GO-9999-0101", Summary: "Resty leaks tokens", Module: "github.com/go-resty/resty/v2",
	Fixed: "2.16.4", Package: "github.com/go-resty/resty/v2",
}

// restyFinding is the go.mod finding the record gives on the demo, in one
// line with the catalog's FIX-0002 at the same require line.
const restyFinding = `github\.com/go-resty/resty/v2 v2\.16\.3 is affected by 2 known problems \(FIX-0002, GO-9999-0101\)`

// osvDemo copies the demo into dir and writes a database of records into
// dir/db (outside the module: vendor/modules.txt must not see it).
func osvDemo(t *testing.T, dir string, records ...fixture.Record) (module, db string) {
	t.Helper()
	module, db = filepath.Join(dir, "demo"), filepath.Join(dir, "db")
	if err := os.MkdirAll(module, 0o777); err != nil {
		t.Fatal(err)
	}
	demoInto(t, module)
	if err := os.MkdirAll(db, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := fixture.WriteOSV(db, append([]fixture.Record{restyRecord}, records...)...); err != nil {
		t.Fatal(err)
	}
	return module, db
}

// compiledDemo is osvDemo with the database compiled into dir/osv.idx.
func compiledDemo(t *testing.T, dir string) (module, index string) {
	t.Helper()
	module, db := osvDemo(t, dir, fixture.Record{ID: "GO-9999-0102", Summary: "Other leaks", Module: "example.com/other", Fixed: "1.0.1", Package: "example.com/other"})
	index = filepath.Join(dir, "osv.idx")
	if _, bad, err := osv.CompileDir(db, index); err != nil || len(bad) > 0 {
		t.Fatalf("compiling %s: %v %v", db, err, bad)
	}
	return module, index
}

// flipByte flips bits of the byte delta bytes after the first occurrence
// of needle in file.
func flipByte(t *testing.T, file, needle string, delta int, bits byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(needle))
	if i < 0 {
		t.Fatalf("%s does not hold %q", file, needle)
	}
	data[i+delta] ^= bits
	if err := os.WriteFile(file, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// cachedIndex returns the one index file in the user cache under dir.
func cachedIndex(t *testing.T, cache string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(cache, "fixlint", "osv", "*.idx"))
	if len(files) != 1 {
		t.Fatalf("want one cached index in %s, found %v", cache, files)
	}
	return files[0]
}

// cacheEnv points the user cache of a row into dir. The go command's
// build cache stays where it is (it is under the user cache by default):
// an empty one makes every go list compile the standard library again.
func cacheEnv(t *testing.T, r *hostileRun, dir string) string {
	t.Helper()
	gocache, err := goCache()
	if err != nil || gocache == "" {
		t.Fatalf("go env GOCACHE: %q, %v", gocache, err)
	}
	cache := filepath.Join(dir, "cache")
	r.env = append(r.env, "XDG_CACHE_HOME="+cache, "GOCACHE="+gocache)
	return cache
}

var goCache = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	return strings.TrimSpace(string(out)), err
})

// recordJSON is a record with one affected module whose ranges are given
// as JSON events.
func recordJSON(id, module, events string) string {
	return fmt.Sprintf(`{"id": %q, "summary": "s", "details": "d", "affected": [{"package": {"name": %q, "ecosystem": "Go"},
"ranges": [{"type": "SEMVER", "events": [%s]}]}]}`, id, module, events)
}

func init() {
	addHostile(
		hostileCase{
			name:  "osv-index-block-flipped",
			entry: "fixlint -osv FILE ./...",
			input: "a compiled index with one byte flipped in resty's block of cards (a string length)",
			want:  "an error naming the index and resty's module; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				flipByte(t, index, restyRecord.Summary, -1, 0x40)
				return []string{"fixlint", "-C", module, "-osv", index, "./..."}
			},
			code:   exitError,
			stderr: `osv\.idx: the cards of github\.com/go-resty/resty/v2 are corrupt \(checksum mismatch\)`,
		},
		hostileCase{
			name:  "osv-index-text-flipped",
			entry: "fixlint -osv FILE ./...",
			input: "a compiled index with one byte flipped inside a record's title (R to r)",
			want:  "the flipped title is not printed; an error names the index and the module; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				flipByte(t, index, restyRecord.Summary, 0, 0x20)
				return []string{"fixlint", "-C", module, "-osv", index, "./..."}
			},
			code:   exitError,
			stderr: `osv\.idx: the cards of github\.com/go-resty/resty/v2 are corrupt`,
			check: func(t *testing.T, dir string, res runResult) {
				if strings.Contains(res.stdout, "resty leaks tokens") {
					t.Errorf("the corrupt title is printed:\n%s", res.stdout)
				}
			},
		},
		hostileCase{
			name:  "osv-index-header-flipped",
			entry: "fixlint -osv FILE ./...",
			input: "a compiled index whose header says resty's record is fixed in v0.16.4, not v2.16.4 (one byte)",
			want:  "an error naming the index: its header is corrupt; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				flipByte(t, index, "v2.16.4", 1, 0x02)
				return []string{"fixlint", "-C", module, "-osv", index, "./..."}
			},
			code:   exitError,
			stderr: `osv\.idx: corrupt index header \(checksum mismatch\)`,
		},
		hostileCase{
			name:  "osv-index-truncated",
			entry: "fixlint -osv FILE ./...",
			input: "a compiled index cut short by 10 bytes",
			want:  "an error naming the index; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				fi, err := os.Stat(index)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Truncate(index, fi.Size()-10); err != nil {
					t.Fatal(err)
				}
				return []string{"fixlint", "-C", module, "-osv", index, "./..."}
			},
			code:   exitError,
			stderr: `osv\.idx: corrupt index`,
		},
		hostileCase{
			name:  "osv-index-old-format",
			entry: "fixlint -osv FILE ./...",
			input: "an index in the format of an older fixlint (magic v4)",
			want:  "an error naming the index and telling to recompile it; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				data, err := os.ReadFile(index)
				if err != nil {
					t.Fatal(err)
				}
				i := bytes.IndexByte(data, '\n')
				old := append([]byte("fixlint-osv-index v4"), data[i:]...)
				if err := os.WriteFile(index, old, 0o666); err != nil {
					t.Fatal(err)
				}
				return []string{"fixlint", "-C", module, "-osv", index, "./..."}
			},
			code:   exitError,
			stderr: `osv\.idx: an index of another fixlint version \(format v4, this one reads v\d+\); recompile it with fixlint osv compile`,
		},
		hostileCase{
			name:  "osv-path-fifo",
			entry: "fixlint -osv FILE ./...",
			input: "-osv names a FIFO that no one writes",
			want:  "no hang: an error naming the FIFO; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, _ := osvDemo(t, dir)
				fifoAt(t, filepath.Join(dir, "fifo"))
				return []string{"fixlint", "-C", module, "-osv", "$DIR/fifo", "./..."}
			},
			code:   exitError,
			stderr: `fifo: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "osv-path-dev-zero",
			entry: "fixlint -osv FILE ./...",
			input: "-osv /dev/zero",
			want:  "an error naming /dev/zero; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, _ := osvDemo(t, dir)
				return []string{"fixlint", "-C", module, "-osv", "/dev/zero", "./..."}
			},
			code:   exitError,
			stderr: `/dev/zero: not a regular file`,
		},
		hostileCase{
			name:  "osv-record-fifo",
			entry: "fixlint -osv DIR ./...",
			input: "a database directory with a FIFO named GO-9999-0200.json beside a good record",
			want:  "no hang: an error naming the FIFO; the good record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				fifoAt(t, filepath.Join(db, "GO-9999-0200.json"))
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0200\.json: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "osv-record-not-json-cached",
			entry: "fixlint -osv DIR ./...",
			input: "a record that is not JSON beside a good one, the second run (the index is cached)",
			want:  "every run names the bad record (the cache remembers it); the good record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				writeFile(t, filepath.Join(db, "GO-9999-0201.json"), "this is not JSON\n")
				first := runIn(t, module, hermetic(r.env...), fixlintBin, "-osv", db, "./...")
				if first.code != exitError || !strings.Contains(first.stderr, "GO-9999-0201.json") {
					t.Fatalf("first run: exit %d\n%s", first.code, first.stderr)
				}
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0201\.json:1: invalid character`,
		},
		hostileCase{
			name:  "osv-record-too-large",
			entry: "fixlint -osv DIR ./...",
			input: "a 10 MB record (valid JSON: a huge details text) beside a good one",
			want:  "an error naming the record and the limit; the good record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				huge := recordJSON("GO-9999-0202", "example.com/huge", `{"introduced": "0"}`)
				huge = strings.Replace(huge, `"details": "d"`, `"details": "`+strings.Repeat("x", 10<<20)+`"`, 1)
				writeFile(t, filepath.Join(db, "GO-9999-0202.json"), huge)
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0202\.json: larger than 4 MiB`,
		},
		hostileCase{
			name:    "osv-record-many-ranges",
			entry:   "fixlint -osv DIR ./...",
			input:   "a record whose affected module has 50,000 ranges (100,000 events)",
			want:    "quick: an error naming the record and the limit; the good record is reported; exit 1",
			timeout: 60 * time.Second,
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				var events []string
				for i := range 50000 {
					// Compact, to stay below the size limit of a record.
					events = append(events, fmt.Sprintf(`{"introduced":"%d.0.0"},{"fixed":"%d.0.1"}`, i+1, i+1))
				}
				writeFile(t, filepath.Join(db, "GO-9999-0203.json"), recordJSON("GO-9999-0203", "github.com/go-resty/resty/v2", strings.Join(events, ",")))
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0203\.json: GO-9999-0203: affected\[0\] \(github\.com/go-resty/resty/v2\): 100000 range events, more than the 1000 fixlint reads`,
		},
		hostileCase{
			name:  "osv-record-bad-version-cached",
			entry: "fixlint -osv DIR ./...",
			input: "a record with a malformed version (introduced 1.x), the second run (the index is cached)",
			want:  "every run names the record; the good record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				writeFile(t, filepath.Join(db, "GO-9999-0204.json"), recordJSON("GO-9999-0204", "example.com/m", `{"introduced": "1.x"}`))
				runIn(t, module, hermetic(r.env...), fixlintBin, "-osv", db, "./...")
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0204\.json: GO-9999-0204: affected\[0\] \(example\.com/m\): invalid version "v1\.x"`,
		},
		hostileCase{
			name:  "osv-record-id-path",
			entry: "fixlint -osv DIR ./...",
			input: `a record whose id is "../../etc/passwd"`,
			want:  "an error naming the record and its id; the good record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				writeFile(t, filepath.Join(db, "GO-9999-0205.json"), recordJSON("../../etc/passwd", "github.com/go-resty/resty/v2", `{"introduced": "0"}`))
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `GO-9999-0205\.json: id "\.\./\.\./etc/passwd"`,
			check: func(t *testing.T, dir string, res runResult) {
				if strings.Contains(res.stdout, "affected by ../../etc/passwd") {
					t.Errorf("the record with a path for an id is reported:\n%s", res.stdout)
				}
			},
		},
		hostileCase{
			name:  "osv-cache-block-flipped-rebuilt",
			entry: "fixlint -osv DIR ./...",
			input: "the index fixlint cached for a database directory, one byte flipped in resty's block of cards",
			want:  "the cache is rebuilt from the directory and says so; resty's record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cache := cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				runIn(t, module, hermetic(r.env...), fixlintBin, "-osv", db, "./...")
				flipByte(t, cachedIndex(t, cache), restyRecord.Summary, -1, 0x40)
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `\.idx: the cards of github\.com/go-resty/resty/v2 are corrupt \(checksum mismatch\); rebuilt the index from .*db`,
			check: func(t *testing.T, dir string, res runResult) {
				// The rebuilt cache serves the next run whole.
				var r hostileRun
				cacheEnv(t, &r, dir)
				env := hermetic(r.env...)
				again := runIn(t, filepath.Join(dir, "demo"), env, fixlintBin, "-osv", filepath.Join(dir, "db"), "./...")
				if again.code != exitFindings || !regexp.MustCompile(restyFinding).MatchString(again.stdout) {
					t.Errorf("the run after the rebuild: exit %d\n%s%s", again.code, again.stdout, again.stderr)
				}
			},
		},
		hostileCase{
			name:  "osv-cache-header-flipped-rebuilt",
			entry: "fixlint -osv DIR ./...",
			input: "the index fixlint cached for a database directory, one byte flipped in its header (resty's fixed version)",
			want:  "the cache is rebuilt from the directory and says so; resty's record is reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cache := cacheEnv(t, r, dir)
				module, db := osvDemo(t, dir)
				runIn(t, module, hermetic(r.env...), fixlintBin, "-osv", db, "./...")
				flipByte(t, cachedIndex(t, cache), "v2.16.4", 1, 0x02)
				return []string{"fixlint", "-C", module, "-osv", db, "./..."}
			},
			code:   exitError,
			stdout: restyFinding,
			stderr: `\.idx: corrupt index header \(checksum mismatch\); rebuilt the index from .*db`,
		},
		hostileCase{
			name:  "osv-govet-index-block-flipped",
			entry: "go vet -vettool=fixlint -fixlint.osv=FILE",
			input: "a compiled index with one byte flipped in resty's block of cards",
			want:  "a diagnostic naming the index and resty's module; go vet fails",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				module, index := compiledDemo(t, dir)
				flipByte(t, index, restyRecord.Summary, -1, 0x40)
				cacheEnv(t, r, dir)
				return []string{"go", "-C", module, "vet", "-vettool=" + fixlintBin, "-fixlint.osv=" + index, "./..."}
			},
			code:   1,
			stderr: `main\.go:\d+:\d+: fixlint: .*osv\.idx: the cards of github\.com/go-resty/resty/v2 are corrupt \(checksum mismatch\)`,
		},
		hostileCase{
			name:  "osv-compile-fifo-record",
			entry: "fixlint osv compile DIR FILE",
			input: "a database directory with a FIFO record beside a good one",
			want:  "no hang: an error naming the FIFO; the index holds the good record and remembers the bad one; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				_, db := osvDemo(t, dir)
				fifoAt(t, filepath.Join(db, "GO-9999-0206.json"))
				return []string{"fixlint", "osv", "compile", db, "$DIR/out.idx"}
			},
			code:   exitError,
			stderr: `GO-9999-0206\.json: not a regular file \(a FIFO\)`,
			check: func(t *testing.T, dir string, res runResult) {
				ix, skipped, err := osv.Open(filepath.Join(dir, "out.idx"))
				if err != nil || !ix.HasModule(restyRecord.Module) || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "GO-9999-0206.json") {
					t.Errorf("the compiled index: %v, skipped %v", err, skipped)
				}
			},
		},
	)
}
