package osv

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// sharedDB is the Go vulnerability database as OSV files, beside the
// repository (see ../shared/data/README.md).
const sharedDB = "../../../shared/data/vulndb-osv"

func needShared(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(sharedDB); err != nil {
		t.Fatalf("this test reads the shared data at %s, which is missing: clone the repository with ../shared beside it (%v)", sharedDB, err)
	}
}

func TestConvertRanges(t *testing.T) {
	ev := func(kv ...string) []RangeEvent {
		var out []RangeEvent
		for i := 0; i < len(kv); i += 2 {
			if kv[i] == "i" {
				out = append(out, RangeEvent{Introduced: kv[i+1]})
			} else {
				out = append(out, RangeEvent{Fixed: kv[i+1]})
			}
		}
		return out
	}
	tests := []struct {
		name string
		in   []Range
		want []versions.Range
		err  string
	}{
		{"simple", []Range{{"SEMVER", ev("i", "0", "f", "1.2.3")}}, []versions.Range{{Fixed: "v1.2.3"}}, ""},
		{"backport, listed in order", []Range{{"SEMVER", ev("i", "0", "f", "1.21.9", "i", "1.22.0-0", "f", "1.22.2")}},
			[]versions.Range{{Fixed: "v1.21.9"}, {Introduced: "v1.22.0-0", Fixed: "v1.22.2"}}, ""},
		{"events out of order", []Range{{"SEMVER", ev("f", "1.22.2", "i", "1.22.0-0", "f", "1.21.9", "i", "0")}},
			[]versions.Range{{Fixed: "v1.21.9"}, {Introduced: "v1.22.0-0", Fixed: "v1.22.2"}}, ""},
		{"unfixed", []Range{{"SEMVER", ev("i", "0")}}, []versions.Range{{}}, ""},
		{"ecosystem ranges ignored", []Range{{"ECOSYSTEM", ev("i", "0", "f", "5.0.4-0.20231016150651-428517fef5b9")}}, nil, ""},
		{"bad version", []Range{{"SEMVER", ev("i", "0", "f", "one")}}, nil, `invalid version "vone"`},
		{"both in one event", []Range{{"SEMVER", []RangeEvent{{Introduced: "0", Fixed: "1.0.0"}}}}, nil, "an event must have exactly one of introduced and fixed"},
	}
	for _, tt := range tests {
		got, err := convertRanges(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tt.err || (err == nil && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%s: got %v, %q; want %v, %q", tt.name, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestCardsFromRealRecord(t *testing.T) {
	needShared(t)
	file := filepath.Join(sharedDB, "GO-2024-2687.json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Decode(file, data)
	if err != nil {
		t.Fatal(err)
	}
	cards, err := Cards(e, file)
	if err != nil {
		t.Fatal(err)
	}
	var mods []string
	for _, c := range cards {
		mods = append(mods, c.Module)
	}
	if strings.Join(mods, " ") != "stdlib golang.org/x/net" {
		t.Fatalf("modules = %v", mods)
	}
	net := cards[1]
	if net.ID != "GO-2024-2687" || net.Title != "HTTP/2 CONTINUATION flood in net/http" || net.FirstFixed() != "v0.23.0" {
		t.Errorf("x/net card: %s %q first fixed %s", net.ID, net.Title, net.FirstFixed())
	}
	if versions.Check(cards[0].Affected, "v1.22.1") != versions.Affected || versions.Check(cards[0].Affected, "v1.22.2") != versions.NotAffected {
		t.Errorf("stdlib ranges %v", cards[0].Affected)
	}
	if !net.CoversPackage("golang.org/x/net/http2") || net.CoversPackage("golang.org/x/net/html") {
		t.Errorf("x/net packages: %v", net.Packages)
	}
	found := false
	for _, tr := range net.Triggers {
		if tr.Uses == "(golang.org/x/net/http2.Server).ServeConn" {
			found = true
		}
	}
	if !found {
		t.Errorf("no trigger for http2.Server.ServeConn among %d", len(net.Triggers))
	}
}

func TestDecodeErrors(t *testing.T) {
	_, err := Decode("GO-X.json", []byte("{\n  \"id\": \"GO-1\",\n  \"affected\": [\n    {\"package\": 5}\n  ]\n}"))
	if err == nil || !strings.HasPrefix(err.Error(), "GO-X.json:4:") {
		t.Errorf("err = %v, want GO-X.json:4: ...", err)
	}
	_, err = Decode("bad.json", []byte("{\n\"id\": \n"))
	if err == nil || !strings.HasPrefix(err.Error(), "bad.json:") {
		t.Errorf("err = %v", err)
	}
	_, err = Decode("other.json", []byte(`{"name": "not a record"}`))
	if err == nil || err.Error() != "other.json: not an OSV record (no id)" {
		t.Errorf("err = %v", err)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	needShared(t)
	cards, errs := LoadDir(sharedDB)
	if len(errs) > 0 {
		t.Fatalf("%d records could not be read, first: %v", len(errs), errs[0])
	}
	if len(cards) < 4000 {
		t.Fatalf("only %d cards from %s", len(cards), sharedDB)
	}
	var buf bytes.Buffer
	if err := Compile(&buf, cards); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "osv.idx")
	os.WriteFile(file, buf.Bytes(), 0o666)
	ix, err := OpenIndex(file)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range cards {
		if c.Module == "golang.org/x/net" {
			want++
		}
	}
	got, err := ix.Cards("golang.org/x/net")
	if err != nil || len(got) != want || want == 0 {
		t.Errorf("x/net: %d cards (err %v), want %d", len(got), err, want)
	}
	if ix.HasModule("example.com/none") {
		t.Error("HasModule of an unknown module")
	}

	// The header's summary agrees with the cards: for every module, at
	// every bound of its ranges, just below and above, MayAffect is true
	// exactly when a card's ranges hold the version.
	byMod := make(map[string][]*rules.Card)
	for _, c := range cards {
		byMod[c.Module] = append(byMod[c.Module], c)
	}
	checked, affected := 0, 0
	for mod, cs := range byMod {
		var probes []string
		for _, c := range cs {
			for _, r := range c.Affected {
				for _, b := range []string{r.Introduced, r.Fixed} {
					if b != "" {
						probes = append(probes, b, b+"-0", semver.Canonical(b)+"+x")
					}
				}
			}
		}
		probes = append(probes, "v0.0.0-20000101000000-abcdefabcdef", "v99.0.0", "v0.0.1")
		for _, v := range probes {
			want := false
			for _, c := range cs {
				want = want || versions.Check(c.Affected, v) == versions.Affected
			}
			if !versions.Known(v) {
				want = true
			}
			if got := ix.MayAffect(mod, v); got != want {
				t.Errorf("MayAffect(%s, %s) = %v, want %v", mod, v, got, want)
			}
			checked++
			if want {
				affected++
			}
		}
	}
	if checked < 10000 || affected == 0 || affected == checked {
		t.Errorf("checked %d versions, %d affected: the probes miss the point", checked, affected)
	}
	if ix.MayAffect("example.com/none", "v1.0.0") {
		t.Error("MayAffect of an unknown module")
	}

	// A corrupt or foreign file is an error naming it, never a panic.
	// A header, with a good checksum, whose one module's cards lie past
	// the end of the file.
	var header []byte
	header = binary.AppendUvarint(header, 1)
	header = appendString(header, "example.com/m")
	header = binary.AppendUvarint(header, 1<<30) // size
	header = binary.LittleEndian.AppendUint32(header, 0)
	header = binary.AppendUvarint(header, 0) // always
	header = binary.AppendUvarint(header, 0) // no ranges
	header = binary.AppendUvarint(header, 0) // no skipped records
	pastEnd := binary.AppendUvarint([]byte(indexMagic), uint64(len(header)))
	pastEnd = binary.LittleEndian.AppendUint32(pastEnd, checksum(header))
	pastEnd = append(pastEnd, header...)
	for _, data := range [][]byte{[]byte("not an index"), buf.Bytes()[:len(indexMagic)+3], append([]byte(indexMagic), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), pastEnd} {
		bad := filepath.Join(t.TempDir(), "bad.idx")
		os.WriteFile(bad, data, 0o666)
		if _, err := OpenIndex(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("OpenIndex(%q...) err = %v", data[:min(len(data), 12)], err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"GO-2024-2687.json", "GO-2023-2385.json"} {
		if data, err := os.ReadFile(filepath.Join(sharedDB, name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"id":"GO-1","affected":[{"package":{"name":"x"},"ranges":[{"type":"SEMVER","events":[{"fixed":"1"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		cards, err := Cards(e, "fuzz.json")
		if err != nil {
			return
		}
		for _, c := range cards {
			if versions.Validate(append([]versions.Range(nil), c.Affected...)) != nil {
				t.Fatalf("invalid ranges in a converted card: %v", c.Affected)
			}
		}
	})
}
