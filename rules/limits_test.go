package rules

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
)

// Hostile card files at the unit level: each must be answered with an
// error, quickly, in bounded space. cmd/fixlint/hostile_cards_test.go runs
// the same inputs through the command.

// TestParseConstantDashes: ParseConstant once recursed per leading '-', so
// 9,000,000 dashes overflowed the stack and killed the process.
func TestParseConstantDashes(t *testing.T) {
	for _, lit := range []string{"--5", "---5", strings.Repeat("-", 9_000_000) + "5"} {
		_, err := ParseConstant(lit)
		if err == nil {
			t.Errorf("ParseConstant(%d dashes + 5): no error", len(lit)-1)
			continue
		}
		if len(err.Error()) > 200 {
			t.Errorf("the error quotes the whole literal (%d bytes)", len(err.Error()))
		}
	}
	for lit, want := range map[string]string{"-1": "-1", "-1.5": "-1.5", "-0x10": "-16"} {
		v, err := ParseConstant(lit)
		if err != nil || v.String() != want {
			t.Errorf("ParseConstant(%q) = %v, %v; want %s", lit, v, err, want)
		}
	}
	for _, lit := range []string{`-"x"`, "-true", "- 1", "+1"} {
		if _, err := ParseConstant(lit); err == nil {
			t.Errorf("ParseConstant(%q): no error", lit)
		}
	}
}

// TestParseConstantLong: go/constant parses a decimal literal in time
// quadratic in its length (a MiB of digits took 5 s), so a literal has a
// length limit.
func TestParseConstantLong(t *testing.T) {
	for _, lit := range []string{"1" + strings.Repeat("7", 1<<20), "1." + strings.Repeat("3", 1<<20)} {
		if _, err := ParseConstant(lit); err == nil || !strings.Contains(err.Error(), "bytes") {
			t.Errorf("a %d-byte literal: %v, want an error about its length", len(lit), err)
		}
	}
	if _, err := ParseConstant(strings.Repeat("9", MaxConstantLen)); err != nil {
		t.Errorf("a %d-digit literal: %v", MaxConstantLen, err)
	}
}

func FuzzParseConstant(f *testing.F) {
	for _, lit := range []string{"0", "-1", "1.5", "-0x1p-2", `"none"`, "`raw`", "'x'", "true", "--5", strings.Repeat("-", 1000) + "5", "1e999999999", "-"} {
		f.Add(lit)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		v, err := ParseConstant(lit)
		if err == nil && v == nil {
			t.Fatalf("ParseConstant(%q): no value and no error", lit)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Fatalf("ParseConstant: a %d-byte error", len(err.Error()))
		}
	})
}

// aliasBomb is a card of about size bytes where a long anchored text is
// aliased thousands of times: every alias expands to the whole text.
func aliasBomb(size int) []byte {
	var b strings.Builder
	b.WriteString("id: FIX-9999\ntitle: t\nmodule: example.com/m\nkind: bug\nseverity: low\n")
	b.WriteString("what_broke: &m \"" + strings.Repeat("AAAAAAA ", size/16) + "\"\nwhy: *m\naliases:\n")
	for b.Len() < size-16 {
		b.WriteString("  - *m\n")
	}
	return []byte(b.String())
}

// TestDecodeCardAliasBomb: decoding must take time linear in the file's
// size. Before, aliases of a long anchored text were expanded and folded
// one by one (a 1.5 MB file ran past 90 s).
func TestDecodeCardAliasBomb(t *testing.T) {
	data := aliasBomb(1 << 20)
	start := time.Now()
	_, err := DecodeCard("bomb.yaml", data)
	d := time.Since(start)
	t.Logf("decoding a %d-byte alias-heavy card took %v", len(data), d)
	if err == nil || !strings.Contains(err.Error(), "bomb.yaml:6: ") || !strings.Contains(err.Error(), "anchor") {
		t.Errorf("err = %.300v, want one naming bomb.yaml:6 and the anchor", err)
	}
	// About 0.2 s on a quiet machine, 2.6 s under -race on a busy one; the
	// expansion this guards against took minutes. The bound is loose so
	// that a noisy machine does not fail it; the time is logged above.
	if d > 30*time.Second {
		t.Errorf("decoding took %v, want well under 30 s", d)
	}
	if len(err.Error()) > 4000 {
		t.Errorf("the error is %d bytes long", len(err.Error()))
	}
}

// TestDecodeCardNoAliases: an alias alone, or an anchor alone, is an error
// at its line: cards have no use for them.
func TestDecodeCardNoAliases(t *testing.T) {
	good, err := os.ReadFile("cards/FIX-0002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	anchor := strings.Replace(s, "kind: bug", "kind: &k bug", 1)
	if _, err := DecodeCard("a.yaml", []byte(anchor)); err == nil || !strings.HasPrefix(err.Error(), "a.yaml:4: ") {
		t.Errorf("an anchor: err = %v, want a.yaml:4", err)
	}
	alias := strings.Replace(s, "kind: bug", "kind: bug\nconfidence: *k", 1)
	if _, err := DecodeCard("b.yaml", []byte(alias)); err == nil || !strings.Contains(err.Error(), "b.yaml:") {
		t.Errorf("an alias: err = %v", err)
	}
}

// TestDecodeCardErrorCap: a file that is not a card (a password file, a
// config) must not be echoed back line by line: at most MaxErrorsPerFile
// errors, then a count, and long values cut short.
func TestDecodeCardErrorCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 500; i++ {
		b.WriteString("secret" + strings.Repeat("x", i) + ": " + strings.Repeat("s3cr3t", 100) + "\n")
	}
	_, err := DecodeCard("shadow", []byte(b.String()))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v", err)
	}
	if len(es) != MaxErrorsPerFile+1 || !strings.Contains(es[len(es)-1].Msg, "and 490 more") {
		t.Errorf("%d errors, last %v; want %d and a count of the rest", len(es), es[len(es)-1], MaxErrorsPerFile+1)
	}
	if n := len(err.Error()); n > 4000 {
		t.Errorf("the errors are %d bytes long", n)
	}

	// One long value quoted in a message is cut short.
	_, err = DecodeCard("long.yaml", []byte("id: "+strings.Repeat("x", 100_000)+"\n"))
	if err == nil || len(err.Error()) > 4000 {
		t.Errorf("a 100 KB id: error of %d bytes", len(err.Error()))
	}
}

// TestDecodeCardTooLarge: a card file has a size limit, also when the bytes
// come from elsewhere than LoadFiles.
func TestDecodeCardTooLarge(t *testing.T) {
	_, err := DecodeCard("big.yaml", make([]byte, MaxCardSize+1))
	if err == nil || !strings.Contains(err.Error(), "big.yaml: ") || !strings.Contains(err.Error(), fileio.Size(MaxCardSize)) {
		t.Errorf("err = %v", err)
	}
}

// TestDecodeCardDeep: nesting is bounded (yaml.v3 stops at depth 10000),
// and the validator walks nodes without recursion.
func TestDecodeCardDeep(t *testing.T) {
	start := time.Now()
	for _, data := range []string{
		"id: " + strings.Repeat("[", 100_000),
		"id: " + strings.Repeat("{a: ", 100_000),
		strings.Repeat("- ", 100_000) + "x\n",
	} {
		if _, err := DecodeCard("deep.yaml", []byte(data)); err == nil {
			t.Errorf("%.20s...: no error", data)
		}
	}
	if d := time.Since(start); d > 30*time.Second { // loose: noisy machines, -race
		t.Errorf("took %v", d)
	}
}

// TestLoadFilesNotRegular: a FIFO, a device or a symlink loop given as a
// card, or met in a card directory, is an error naming it; nothing blocks;
// the other cards load.
func TestLoadFilesNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	good, err := os.ReadFile("cards/FIX-0002.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "FIX-0002.yaml"), good, 0o666)
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.yaml")
	os.Symlink(loop, loop)
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, make([]byte, MaxCardSize+1), 0o666)

	done := make(chan struct{})
	var cards []*Card
	var errs Errors
	go func() {
		cards, errs = LoadFiles([]string{dir, fifo, "/dev/zero"})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("LoadFiles blocked")
	}
	if len(cards) != 1 || cards[0].ID != "FIX-0002" {
		t.Errorf("cards = %v, want FIX-0002", cards)
	}
	for _, want := range []string{
		fifo + ": not a regular file (a FIFO)",
		loop + ": ",
		big + ": larger than 1 MiB",
		"/dev/zero: not a regular file (a device)",
	} {
		found := false
		for _, e := range errs {
			found = found || strings.HasPrefix(e.Error(), want)
		}
		if !found {
			t.Errorf("no error starts with %q: %v", want, errs)
		}
	}
	for _, e := range errs {
		if strings.Count(e.Error(), e.File) > 1 {
			t.Errorf("the path is named twice: %v", e)
		}
	}
}
