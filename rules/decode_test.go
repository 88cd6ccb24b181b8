package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeErrors checks that every problem of a broken card is named with
// its file and line.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"testdata/bad/unknown-field.yaml", []string{
			"testdata/bad/unknown-field.yaml:18: field trigers not found in cardFile",
		}},
		{"testdata/bad/bad-version.yaml", []string{
			`testdata/bad/bad-version.yaml:6: affected: range 1: fixed: "1.2.0" is not a Go module version (did you mean "v1.2.0"?)`,
		}},
		{"testdata/bad/bad-trigger.yaml", []string{
			`testdata/bad/bad-trigger.yaml:17: trigger: symbol "(*example.com/m.Client.Get": missing ')'`,
			`testdata/bad/bad-trigger.yaml:21: trigger: symbol example.com/other.F is not in module example.com/m`,
			`testdata/bad/bad-trigger.yaml:25: trigger: unknown value "maybe" (want one of nil, empty, zero, unset, any)`,
			`testdata/bad/bad-trigger.yaml:28: call trigger: arg (the 0-based argument index) is required`,
			`testdata/bad/bad-trigger.yaml:31: trigger: goos/goarch: "Windows" is not a GOOS or GOARCH value`,
			`testdata/bad/bad-trigger.yaml:34: trigger: unless: needs calls: the opt-out function, and nothing else`,
			`testdata/bad/bad-trigger.yaml:40: trigger: unless: symbol "example.com/m": want pkg/path.Name`,
			`testdata/bad/bad-trigger.yaml:46: trigger: with: receiver_from needs a call or uses trigger on a method`,
			`testdata/bad/bad-trigger.yaml:51: trigger: with: same_literal: field Addrs needs exactly one of min_len (1 or more) and value`,
		}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = DecodeCard(tt.file, data)
		if err == nil {
			t.Errorf("%s: no error", tt.file)
			continue
		}
		got := strings.Split(err.Error(), "\n")
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\ngot\n\t%s\nwant\n\t%s", tt.file, strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
		}
	}
}

func TestDecodeNotYAML(t *testing.T) {
	_, err := DecodeCard("x.yaml", []byte("id: [unclosed\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "x.yaml:") {
		t.Errorf("err = %v, want an error naming x.yaml and a line", err)
	}
	_, err = DecodeCard("empty.yaml", nil)
	if err == nil || err.Error() != "empty.yaml: empty card file" {
		t.Errorf("err = %v", err)
	}
	_, err = DecodeCard("two.yaml", []byte("id: A-1\n---\nid: A-2\n"))
	if err == nil || err.Error() != "two.yaml:2: a file holds one YAML document (found a second one)" {
		t.Errorf("err = %v", err)
	}
}

// TestLoadFilesKeepsGoodCards: a broken file does not hide the others.
func TestLoadFilesKeepsGoodCards(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("cards/FIX-0002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "FIX-0002.yaml"), good, 0o666)
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: [\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("not a card"), 0o666)
	cards, errs := LoadFiles([]string{dir, filepath.Join(dir, "missing.yaml")})
	if len(cards) != 1 || cards[0].ID != "FIX-0002" {
		t.Errorf("cards = %v, want FIX-0002", cards)
	}
	if len(errs) != 2 {
		t.Errorf("errs = %v, want 2 (broken.yaml, missing.yaml)", errs)
	}
}

// TestGeneratedCatalogIsCurrent fails when rules/cards changed without
// "go generate ./rules".
func TestGeneratedCatalogIsCurrent(t *testing.T) {
	wantGo, wantDocs, err := GenerateFromDir("cards")
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]byte{"catalog_gen.go": wantGo, "../docs/cards.md": wantDocs} {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./rules", file)
		}
	}
}

// TestEmbeddedMatchesYAML checks that what the binary carries is what the
// card files say.
func TestEmbeddedMatchesYAML(t *testing.T) {
	cards, errs := LoadFiles([]string{"cards"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	emb := make(map[string]*Card)
	for _, c := range Embedded() {
		emb[c.ID] = c
	}
	if len(emb) != len(cards) {
		t.Errorf("%d embedded cards, %d card files", len(emb), len(cards))
	}
	for _, c := range cards {
		e := emb[c.ID]
		if e == nil {
			t.Errorf("%s is not embedded", c.ID)
			continue
		}
		if e.Title != c.Title || e.Module != c.Module || RangeString(e) != RangeString(c) || len(e.Triggers) != len(c.Triggers) {
			t.Errorf("%s: embedded card differs from %s", c.ID, c.Source)
		}
	}
}

func TestCheckSet(t *testing.T) {
	a := &Card{ID: "FIX-0001", Source: "x/FIX-0001.yaml"}
	b := &Card{ID: "FIX-0001", Source: "x/other.yaml"}
	errs := CheckSet([]*Card{a, b})
	want := "x/other.yaml: card ID FIX-0001 is also used by x/FIX-0001.yaml\nx/other.yaml: card file of FIX-0001 should be named FIX-0001.yaml"
	if errs.Error() != want {
		t.Errorf("got %q", errs.Error())
	}
}

func FuzzDecodeCard(f *testing.F) {
	for _, name := range []string{"cards/FIX-0001.yaml", "cards/FIX-0003.yaml", "testdata/bad/bad-trigger.yaml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		card, err := DecodeCard("fuzz.yaml", data)
		if err == nil && (card.ID == "" || card.Module == "") {
			t.Fatalf("a card without ID or module decoded: %+v", card)
		}
	})
}

// TestLoadFilesBadPaths: a symlink loop and an unreadable file are errors
// naming the path; the good cards still load; nothing hangs.
func TestLoadFilesBadPaths(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("cards/FIX-0002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "FIX-0002.yaml"), good, 0o666)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o777)
	if err := os.Symlink(dir, filepath.Join(sub, "loop")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	locked := filepath.Join(dir, "locked.yaml")
	os.WriteFile(locked, good, 0o000)
	cards, errs := LoadFiles([]string{dir})
	if len(cards) < 1 || cards[0].ID != "FIX-0002" {
		t.Errorf("cards = %v", cards)
	}
	if os.Geteuid() != 0 { // root reads a 0000 file anyway
		found := false
		for _, e := range errs {
			if strings.Contains(e.Error(), locked) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error names the unreadable %s: %v", locked, errs)
		}
	}
	// Given directly, the loop is a directory walked without following links.
	if _, errs := LoadFiles([]string{filepath.Join(sub, "loop")}); len(errs) > 0 && !strings.Contains(errs[0].Error(), "loop") {
		t.Errorf("errors through the symlink do not name it: %v", errs)
	}
}
