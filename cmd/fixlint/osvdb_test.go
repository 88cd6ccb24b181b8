package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/vulndb"
)

// TestLSPDefaultOSV: fixlint lsp gives the server the copy of fixlint osv
// update, with the line the standalone command prints, and a warning when
// it is old; none before an update, and none with -osv=off.
func TestLSPDefaultOSV(t *testing.T) {
	srv := serveRecords(t, loadShared(t, func(id string) bool { return id == "GO-2026-6112" }))
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	if path, info, warning := lspDefaultOSV(analyzer.Config{})(); path != "" || info != "" || warning != "" {
		t.Errorf("before an update: %q, %q, %q", path, info, warning)
	}
	res, err := vulndb.Update(context.Background(), vulndb.Options{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	path, info, warning := lspDefaultOSV(analyzer.Config{})()
	if path != res.Database.Index || !strings.HasPrefix(info, "using the Go vulnerability database of fixlint osv update (from "+srv.URL) || warning != "" {
		t.Errorf("after an update: %q, %q, %q", path, info, warning)
	}
	if _, _, warning := lspDefaultOSV(analyzer.Config{OSVMaxAge: time.Nanosecond})(); !strings.HasPrefix(warning, "the Go vulnerability database was last updated ") {
		t.Errorf("old: warning %q", warning)
	}
	cfg := analyzer.Config{OSV: analyzer.OSVOff}
	if c := chooseDB(&cfg); c.path != "" || !c.off || cfg.OSV != analyzer.OSVOff {
		t.Errorf("-osv=off: %+v", c)
	}
	// A copy whose state cannot be read is a warning, and no database.
	store, _ := vulndb.StoreDir()
	if err := os.WriteFile(store+"/current.json", []byte("{"), 0o666); err != nil {
		t.Fatal(err)
	}
	if path, _, warning := lspDefaultOSV(analyzer.Config{})(); path != "" || !strings.Contains(warning, "current.json: unexpected end of JSON input; run fixlint osv update to replace it") {
		t.Errorf("broken state: %q, %q", path, warning)
	}
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, " 1d ": 24 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := parseAge(in); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "0d", "-1d", "a week", "7days", "1000000d"} {
		if _, err := parseAge(in); err == nil {
			t.Errorf("parseAge(%q) accepted", in)
		}
	}
	for d, want := range map[time.Duration]string{7 * 24 * time.Hour: "7d", 36 * time.Hour: "36h0m0s"} {
		if got := formatAge(d); got != want {
			t.Errorf("formatAge(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		time.Second: "less than a minute ago", time.Minute: "1 minute ago", 5 * time.Hour: "5 hours ago",
		47 * time.Hour: "47 hours ago", 9 * 24 * time.Hour: "9 days ago",
	} {
		if got := ago(d); got != want {
			t.Errorf("ago(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestProgressLine: on a terminal, one line redrawn in place and cleared at
// the end; elsewhere nothing.
func TestProgressLine(t *testing.T) {
	var b strings.Builder
	l := &progressLine{w: &b, on: true}
	l.show(vulndb.Progress{Stage: "index"})
	l.show(vulndb.Progress{Stage: "records", Done: 1, Total: 2})
	l.show(vulndb.Progress{Stage: "records", Done: 2, Total: 2}) // the last is always drawn
	l.show(vulndb.Progress{Stage: "compiling"})
	l.clear()
	want := "\r\033[Kfixlint: fetching the index" + "\r\033[Kfixlint: checking records: 2 of 2" + "\r\033[Kfixlint: compiling the index" + "\r\033[K"
	if got := b.String(); got != want && got != strings.Replace(want, "\r\033[Kfixlint: checking", "\r\033[Kfixlint: checking records: 1 of 2\r\033[Kfixlint: checking", 1) {
		t.Errorf("on a terminal: %q", got)
	}
	b.Reset()
	l = &progressLine{w: &b}
	l.show(vulndb.Progress{Stage: "index"})
	l.clear()
	if b.Len() != 0 {
		t.Errorf("not on a terminal: %q", b.String())
	}
}
