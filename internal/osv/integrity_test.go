package osv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

var testRecords = []fixture.Record{
	{ID: "GO-9999-0001", Summary: "Alpha leaks", Module: "example.com/alpha", Fixed: "1.2.0", Package: "example.com/alpha", Symbols: []string{"Do"}},
	{ID: "GO-9999-0002", Summary: "Beta leaks", Module: "example.com/beta", Fixed: "0.3.0", Package: "example.com/beta/sub"},
	{ID: "GO-9999-0003", Summary: "Beta breaks", Module: "example.com/beta", Package: "example.com/beta"},
}

// testDB writes testRecords (and extra files, name to content) into a new
// directory.
func testDB(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := fixture.WriteOSV(dir, testRecords...); err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// allCards returns the cards of every module of ix, by module.
func allCards(t *testing.T, ix *Index) map[string][]*rules.Card {
	t.Helper()
	out := make(map[string][]*rules.Card)
	for _, m := range ix.Modules() {
		cs, err := ix.Cards(m)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		out[m] = cs
	}
	return out
}

// TestEveryFlippedByteIsCaught flips each byte of a small index in turn:
// either opening it fails, or reading the cards of the module whose block
// holds the byte does, with an error naming the file (and the module); no
// flip ever changes what the index says quietly.
func TestEveryFlippedByteIsCaught(t *testing.T) {
	file := filepath.Join(t.TempDir(), "osv.idx")
	if _, bad, err := CompileDir(testDB(t, nil), file); err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	ix, err := OpenIndex(file)
	if err != nil {
		t.Fatal(err)
	}
	want := allCards(t, ix)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.idx")
	for i := range good {
		data := bytes.Clone(good)
		data[i] ^= 0xff
		if err := os.WriteFile(bad, data, 0o666); err != nil {
			t.Fatal(err)
		}
		ix, err := OpenIndex(bad)
		if err != nil {
			if !strings.Contains(err.Error(), bad) {
				t.Errorf("byte %d: the error does not name the file: %v", i, err)
			}
			continue
		}
		caught := false
		for mod, cards := range want {
			got, err := ix.Cards(mod)
			switch {
			case err != nil:
				caught = true
				if !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), mod) {
					t.Errorf("byte %d: the error does not name the file and %s: %v", i, mod, err)
				}
			case !reflect.DeepEqual(got, cards):
				t.Errorf("byte %d: the cards of %s changed without an error", i, mod)
			}
		}
		if !caught {
			t.Errorf("byte %d flipped: no error", i)
		}
	}
}

func TestIndexVersion(t *testing.T) {
	file := filepath.Join(t.TempDir(), "osv.idx")
	old := "fixlint-osv-index v4\n" + "rest of an old index"
	if err := os.WriteFile(file, []byte(old), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := OpenIndex(file)
	if want := file + ": an index of another fixlint version (format v4, this one reads v" + indexVersion + "); recompile it with fixlint osv compile"; err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// TestCachedIndexRebuilt: the index compiled into the user cache for a
// database directory is compiled again when it fails its checks, at open
// (its header) or when a module's cards are read, and says so; the cards
// are all there.
func TestCachedIndexRebuilt(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	db := testDB(t, nil)
	ix, errs, err := Open(db)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	want := allCards(t, ix)
	cached := ix.path

	corrupt := func(needle string) {
		t.Helper()
		data, err := os.ReadFile(cached)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(data, []byte(needle))
		if i < 0 {
			t.Fatalf("no %q in the index", needle)
		}
		data[i] ^= 0x20
		if err := os.WriteFile(cached, data, 0o666); err != nil {
			t.Fatal(err)
		}
	}

	// A module's block: found when its cards are read.
	corrupt("Beta breaks")
	ix, errs, err = Open(db)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	cards, err := ix.Cards("example.com/beta")
	if err == nil || !strings.Contains(err.Error(), "the cards of example.com/beta are corrupt (checksum mismatch); rebuilt the index from "+db) {
		t.Errorf("Cards(beta) after corruption: err = %v", err)
	}
	if !reflect.DeepEqual(cards, want["example.com/beta"]) {
		t.Errorf("Cards(beta) after the rebuild: %d cards, want %d", len(cards), len(want["example.com/beta"]))
	}
	if got := allCards(t, ix); !reflect.DeepEqual(got, want) {
		t.Error("the rebuilt index has other cards")
	}

	// The header: found when the index is opened.
	corrupt("example.com/alpha")
	ix, errs, err = Open(db)
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), cached+": corrupt index header (checksum mismatch); rebuilt the index from "+db) {
		t.Fatalf("Open after a corrupt header: %v, %v", err, errs)
	}
	if got := allCards(t, ix); !reflect.DeepEqual(got, want) {
		t.Error("the rebuilt index has other cards")
	}
	if _, errs, err = Open(db); err != nil || len(errs) > 0 {
		t.Errorf("Open after the rebuild: %v, %v", err, errs)
	}
}

// TestIndexFileNotRebuilt: an index given as a file is the user's; fixlint
// reports it corrupt and leaves it alone.
func TestIndexFileNotRebuilt(t *testing.T) {
	file := filepath.Join(t.TempDir(), "osv.idx")
	if _, _, err := CompileDir(testDB(t, nil), file); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	i := bytes.Index(data, []byte("Alpha leaks"))
	data[i] ^= 0x20
	os.WriteFile(file, data, 0o666)
	ix, _, err := Open(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Cards("example.com/alpha"); err == nil || strings.Contains(err.Error(), "rebuilt") {
		t.Errorf("Cards of a corrupt module of an index file: %v", err)
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, data) {
		t.Error("the index file was rewritten")
	}
}

// TestIndexReplacedWhileOpen: an index compiled again while a process has
// it open (another process rebuilt the cache) is read with its new header.
func TestIndexReplacedWhileOpen(t *testing.T) {
	file := filepath.Join(t.TempDir(), "osv.idx")
	db := testDB(t, nil)
	if _, _, err := CompileDir(db, file); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(file)
	if err != nil {
		t.Fatal(err)
	}
	// Another record before beta's moves its block.
	if err := fixture.WriteOSV(db, fixture.Record{ID: "GO-9999-0000", Summary: "A long title that moves every block after it", Module: "example.com/aaa", Package: "example.com/aaa"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CompileDir(db, file); err != nil {
		t.Fatal(err)
	}
	cards, err := ix.Cards("example.com/beta")
	if err != nil || len(cards) != 2 {
		t.Errorf("Cards(beta) from the replaced index: %d cards, %v", len(cards), err)
	}
}

// TestConcurrentCompiles: processes that find no cached index compile it
// at the same time; each ends with a whole index.
func TestConcurrentCompiles(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	db := testDB(t, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			ix, errs, err := Open(db)
			if err != nil || len(errs) > 0 {
				t.Error(err, errs)
				return
			}
			for _, m := range ix.Modules() {
				if _, err := ix.Cards(m); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// TestSkippedRecordsRemembered: a record that could not be read is
// reported by every use of the index, not only by the process that
// compiled it.
func TestSkippedRecordsRemembered(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	db := testDB(t, map[string]string{"GO-9999-0009.json": "{not json"})
	for run := range 2 {
		ix, errs, err := Open(db)
		if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), "GO-9999-0009.json:1: invalid character") {
			t.Fatalf("run %d: %v, %v", run, err, errs)
		}
		if len(ix.Modules()) != 2 {
			t.Errorf("run %d: modules %v", run, ix.Modules())
		}
	}
	file := filepath.Join(t.TempDir(), "osv.idx")
	if _, bad, err := CompileDir(db, file); err != nil || len(bad) != 1 {
		t.Fatal(err, bad)
	}
	if _, errs, err := Open(file); err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), "GO-9999-0009.json") {
		t.Errorf("Open(index file): %v, %v", err, errs)
	}
}

// FuzzParseHeader: a header that passed its checksum but was written wrong
// is an error, never a panic or a huge allocation. (Whole files hardly get
// past the checksum, so the fuzzer works on headers.)
func FuzzParseHeader(f *testing.F) {
	card := &rules.Card{ID: "GO-1", Module: "example.com/m", Affected: []versions.Range{{Introduced: "v1.0.0", Fixed: "v1.2.0"}}}
	data, err := encodeIndex([]*rules.Card{card}, []error{errors.New("a.json: bad")})
	if err != nil {
		f.Fatal(err)
	}
	hlen, n := binary.Uvarint(data[len(indexMagic):])
	start := len(indexMagic) + n + 4
	seed := data[start : start+int(hlen)]
	if _, err := parseHeader(seed); err != nil {
		f.Fatalf("the seed: %v", err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, err := parseHeader(raw)
		if err != nil {
			return
		}
		for _, e := range h.modules {
			if e.off < 0 || e.size < 0 {
				t.Fatalf("negative block: %+v", e)
			}
		}
	})
}
