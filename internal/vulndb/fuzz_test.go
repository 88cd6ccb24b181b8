package vulndb

import (
	"testing"
	"time"
)

// FuzzIndex: whatever a server answers, checking the index files and a
// record against them returns an error or a result, never a panic.
//
//	go test ./internal/vulndb -run '^$' -fuzz FuzzIndex -fuzztime=2000x
func FuzzIndex(f *testing.F) {
	f.Add([]byte(`{"modified":"2026-01-02T00:00:00Z"}`),
		[]byte(`[{"id":"GO-2026-0001","modified":"2026-01-01T00:00:00Z","aliases":["CVE-1"]}]`),
		[]byte(`[{"path":"example.com/m","vulns":[{"id":"GO-2026-0001","modified":"2026-01-01T00:00:00Z","fixed":"1.0.1"}]}]`),
		[]byte(`{"id":"GO-2026-0001","modified":"2026-01-01T00:00:00Z","details":"x","affected":[{"package":{"name":"example.com/m","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.1"}]}]}]}`))
	f.Add([]byte(`<html>`), []byte(`[]`), []byte(`null`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, db, vulns, modules, record []byte) {
		ix, err := parseIndex(dirSource{"fuzz"}, db, vulns, modules)
		if err != nil {
			return
		}
		for _, v := range ix.vulns {
			if v.Modified.IsZero() || v.Modified.After(ix.modified) {
				t.Fatalf("parseIndex accepted %s modified at %v, database at %v", v.ID, v.Modified, ix.modified.Format(time.RFC3339))
			}
			if c, err := ix.verifyRecord("fuzz", v, record); err == nil && len(c.data) != len(record) {
				t.Fatalf("verifyRecord kept %d of %d bytes", len(c.data), len(record))
			}
		}
	})
}
