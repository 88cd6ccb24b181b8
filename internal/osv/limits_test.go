package osv

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fixlint/fixlint/internal/fileio"
)

// TestRecordLimits: each hostile record is an error naming it; the other
// records load.
func TestRecordLimits(t *testing.T) {
	defer func(size, total int64, records, events int) {
		maxRecordSize, maxDatabaseSize, maxRecords, maxRangeEvents = size, total, records, events
	}(maxRecordSize, maxDatabaseSize, maxRecords, maxRangeEvents)
	maxRecordSize, maxRangeEvents = 2048, 10

	manyEvents := `{"id": "GO-9999-0011", "affected": [{"package": {"name": "example.com/m"}, "ranges": [{"type": "SEMVER", "events": [` +
		strings.Repeat(`{"introduced": "1.0.0"},`, 11) + `{"fixed": "2.0.0"}]}]}]}`
	db := testDB(t, map[string]string{
		"GO-9999-0010.json": `{"id": "GO-9999-0010", "details": "` + strings.Repeat("x", 3000) + `"}`,
		"GO-9999-0011.json": manyEvents,
		"GO-9999-0012.json": `{"id": "a/b", "affected": []}`,
		"GO-9999-0013.json": `{"id": "GO-9999-0013", "affected": [{"package": {"name": "example.com/m"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.x"}]}]}]}`,
	})
	fifo := filepath.Join(db, "GO-9999-0014.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cards, errs := LoadDir(db)
	if len(cards) != 3 {
		t.Errorf("%d cards, want the 3 of the good records", len(cards))
	}
	want := []string{
		"GO-9999-0010.json: larger than 2 KiB",
		"GO-9999-0011.json: GO-9999-0011: affected[0] (example.com/m): 12 range events, more than the 10 fixlint reads",
		`GO-9999-0012.json: id "a/b": want letters, digits`,
		`GO-9999-0013.json: GO-9999-0013: affected[0] (example.com/m): invalid version "v1.x"`,
		"GO-9999-0014.json: not a regular file (a FIFO)",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors: %v", errs)
	}
	for i, w := range want {
		if !strings.Contains(errs[i].Error(), w) {
			t.Errorf("error %d: %v\nwant %s", i, errs[i], w)
		}
	}
	var nr *fileio.NotRegularError
	if !errors.As(errs[4], &nr) {
		t.Errorf("the FIFO: %T, want a *fileio.NotRegularError", errs[4])
	}

	// Too many records: the directory is refused as a whole.
	maxRecords = 2
	if cards, errs := LoadDir(testDB(t, nil)); len(cards) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "more than 2 OSV records") {
		t.Errorf("with more records than the limit: %d cards, %v", len(cards), errs)
	}
	maxRecords = 100

	// Too many bytes in all: the records past the limit are left out.
	maxDatabaseSize = 1000
	if cards, errs := LoadDir(testDB(t, nil)); len(cards) == 0 || len(cards) == 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "the records total more than 1000 B") {
		t.Errorf("with more bytes than the limit: %d cards, %v", len(cards), errs)
	}
}
