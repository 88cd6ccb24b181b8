package vulndb

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/fixture"
	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/internal/vulndb/vulndbtest"
)

// sharedOSV is the Go vulnerability database as OSV files, with
// vulndb-osv.dates.json beside it (../shared/data/README.md).
const sharedOSV = "../../../shared/data/vulndb-osv"

// subset is a few dozen records of the shared database, with their dates:
// enough for every case, quick to serve.
func subset(t *testing.T) vulndbtest.Records {
	t.Helper()
	if _, err := os.Stat(sharedOSV); err != nil {
		t.Fatalf("the OSV records at %s are missing: clone the repository with ../shared beside it (%v)", sharedOSV, err)
	}
	recs, err := vulndbtest.LoadDir(sharedOSV, func(id string) bool { return id < "GO-2020-0040" })
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 20 {
		t.Fatalf("only %d records in the subset", len(recs))
	}
	return recs
}

func layout(t *testing.T, recs vulndbtest.Records) map[string][]byte {
	t.Helper()
	files, err := recs.Layout()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// setup gives the test a store of its own and a server of recs.
func setup(t *testing.T, recs vulndbtest.Records) *vulndbtest.Server {
	t.Helper()
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	srv := vulndbtest.NewServer(layout(t, recs))
	t.Cleanup(srv.Close)
	return srv
}

func update(t *testing.T, srv *vulndbtest.Server) *Result {
	t.Helper()
	res, err := Update(context.Background(), Options{URL: srv.URL})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	return res
}

// recordRequests are the records requested, by ID.
func recordRequests(paths []string) []string {
	var ids []string
	for _, p := range paths {
		if id, ok := strings.CutPrefix(p, "/ID/"); ok {
			ids = append(ids, strings.TrimSuffix(strings.TrimSuffix(id, ".gz"), ".json"))
		}
	}
	slices.Sort(ids)
	return ids
}

// cardIDs opens the index of db and returns the IDs of its cards, and
// their titles by ID.
func cardIDs(t *testing.T, db *Database) map[string]string {
	t.Helper()
	ix, err := osv.OpenIndex(db.Index)
	if err != nil {
		t.Fatal(err)
	}
	titles := make(map[string]string)
	for _, m := range ix.Modules() {
		cards, err := ix.Cards(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cards {
			titles[c.ID] = c.Title
		}
	}
	return titles
}

func TestFirstDownload(t *testing.T) {
	recs := subset(t)
	srv := setup(t, recs)
	res := update(t, srv)
	db := res.Database
	if res.Previous != nil || res.Unchanged || res.Zip {
		t.Errorf("first update: previous %v, unchanged %v, zip %v", res.Previous, res.Unchanged, res.Zip)
	}
	if res.Added != len(recs) || res.Fetched != len(recs) || res.Changed != 0 || res.Removed != 0 {
		t.Errorf("first update: added %d, fetched %d, changed %d, removed %d; want %d added and fetched", res.Added, res.Fetched, res.Changed, res.Removed, len(recs))
	}
	if db.Records != len(recs) || db.URL != srv.URL || res.Received == 0 {
		t.Errorf("state %+v, received %d", db.State, res.Received)
	}
	// Every record was asked for once, compressed, after the index.
	reqs := srv.Requests()
	if want := []string{"/index/db.json.gz", "/index/vulns.json.gz", "/index/modules.json.gz"}; !reflect.DeepEqual(reqs[:3], want) {
		t.Errorf("first requests %v, want %v", reqs[:3], want)
	}
	if got := recordRequests(reqs); len(got) != len(recs) || !strings.HasSuffix(reqs[len(reqs)-1], ".json.gz") {
		t.Errorf("%d records requested, want %d: %v", len(got), len(recs), reqs)
	}
	// The copy is the server's layout, byte for byte, and its index
	// holds every record that is not withdrawn.
	for name, data := range layout(t, recs) {
		got, err := os.ReadFile(filepath.Join(db.Dir, filepath.FromSlash(name)))
		if err != nil || string(got) != string(data) {
			t.Errorf("%s in the copy differs from the server's (%v)", name, err)
		}
	}
	titles := cardIDs(t, db)
	if len(titles) == 0 {
		t.Fatal("no cards in the index")
	}
	for id := range titles {
		if _, ok := recs[id]; !ok {
			t.Errorf("card %s is no record of the server", id)
		}
	}
	// Current finds it; the index path names the content.
	cur, err := Current()
	if err != nil || cur.Index != db.Index || !reflect.DeepEqual(cur.State, db.State) {
		t.Errorf("Current: %+v, %v; want %+v", cur, err, db)
	}
	if !regexp.MustCompile(`/vulndb/[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}/fixlint-v[0-9]+\.idx$`).MatchString(filepath.ToSlash(db.Index)) {
		t.Errorf("index path %s does not name the content", db.Index)
	}
}

func TestIncrementalUpdate(t *testing.T) {
	recs := subset(t)
	srv := setup(t, recs)
	first := update(t, srv).Database
	srv.Requests()

	later := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range recs {
			if !yield(id) {
				return
			}
		}
	})
	changed, withdrawn, removed := ids[0], ids[1], ids[2]
	next := recs.Clone()
	added, err := fixture.Record{ID: "GO-2026-9999", Summary: "added later", Module: "example.com/added", Fixed: "1.2.3", Package: "example.com/added"}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		next.Add("GO-2026-9999", added, later),
		next.Change(changed, "a summary changed upstream", later),
		next.Withdraw(withdrawn, later),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	delete(next, removed)
	srv.Set(layout(t, next))

	res := update(t, srv)
	if res.Added != 1 || res.Changed != 2 || res.Removed != 1 || res.Fetched != 3 || res.Unchanged {
		t.Errorf("added %d, changed %d, removed %d, fetched %d, unchanged %v; want 1, 2, 1, 3, false", res.Added, res.Changed, res.Removed, res.Fetched, res.Unchanged)
	}
	if got, want := recordRequests(srv.Requests()), slices.Sorted(slices.Values([]string{"GO-2026-9999", changed, withdrawn})); !reflect.DeepEqual(got, want) {
		t.Errorf("records fetched %v, want only %v", got, want)
	}
	db := res.Database
	if db.Index == first.Index || db.Previous != first.Copy || res.Previous.Copy != first.Copy {
		t.Errorf("the new copy %s (previous %q) should replace %s", db.Copy, db.Previous, first.Copy)
	}
	if !db.Modified.Equal(later) || db.Records != len(next) || db.Withdrawn != 1 {
		t.Errorf("state %+v: want modified %v, %d records, 1 withdrawn", db.State, later, len(next))
	}
	titles := cardIDs(t, db)
	if _, ok := titles["GO-2026-9999"]; !ok {
		t.Error("the added record has no card")
	}
	if got := titles[changed]; !strings.Contains(got, "a summary changed upstream") {
		t.Errorf("the changed record's card says %q", got)
	}
	for _, id := range []string{withdrawn, removed} {
		if _, ok := titles[id]; ok {
			t.Errorf("%s is still a card", id)
		}
	}
	if _, err := os.Stat(filepath.Join(db.Dir, "ID", removed+".json")); err == nil {
		t.Errorf("the removed record %s is still in the copy", removed)
	}
	// The previous copy stays for the processes that read it; a third
	// update removes it.
	if _, err := osv.OpenIndex(first.Index); err != nil {
		t.Errorf("the previous copy's index: %v", err)
	}
	third := next.Clone()
	if err := third.Change(changed, "changed again", later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	srv.Set(layout(t, third))
	update(t, srv)
	if _, err := os.Stat(first.Dir); err == nil {
		t.Errorf("the copy before the previous one is still there: %s", first.Dir)
	}
	if _, err := os.Stat(db.Dir); err != nil {
		t.Errorf("the previous copy is gone: %v", err)
	}
}

func TestUnchanged(t *testing.T) {
	srv := setup(t, subset(t))
	clock := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	res, err := Update(context.Background(), Options{URL: srv.URL, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	first := res.Database
	srv.Requests()
	clock = clock.Add(48 * time.Hour)
	res, err = Update(context.Background(), Options{URL: srv.URL, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unchanged || res.Database.Index != first.Index || res.Fetched != 0 {
		t.Errorf("unchanged %v, index %s (was %s), fetched %d", res.Unchanged, res.Database.Index, first.Index, res.Fetched)
	}
	if reqs := srv.Requests(); !reflect.DeepEqual(reqs, []string{"/index/db.json.gz"}) {
		t.Errorf("requests %v, want index/db.json.gz alone", reqs)
	}
	cur, err := Current()
	if err != nil || !cur.Checked.Equal(clock) || !cur.Updated.Equal(first.Updated) {
		t.Errorf("after an unchanged update: checked %v, updated %v (%v); want checked %v, updated %v", cur.Checked, cur.Updated, err, clock, first.Updated)
	}
	if age := cur.Age(clock.Add(time.Hour)); age != time.Hour {
		t.Errorf("age %v, want 1h", age)
	}
}

// failUpdate runs an update that must fail with an error matching want,
// and checks that the copy in use is the one before, untouched and usable,
// and that nothing half written is left in its place.
func failUpdate(t *testing.T, srv *vulndbtest.Server, opts Options, want string) {
	t.Helper()
	before, _ := Current()
	if opts.URL == "" {
		opts.URL = srv.URL
	}
	_, err := Update(context.Background(), opts)
	if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
		t.Fatalf("update: %v; want an error matching %q", err, want)
	}
	after, err := Current()
	if before == nil {
		if !errors.Is(err, ErrNone) {
			t.Errorf("after a failed first update: %v, %v; want none", after, err)
		}
	} else if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("the copy in use changed: %+v, want %+v (%v)", after, before, err)
	} else if _, err := osv.OpenIndex(after.Index); err != nil {
		t.Errorf("the copy in use is not usable: %v", err)
	}
	store, _ := StoreDir()
	left, _ := filepath.Glob(filepath.Join(store, tmpPrefix+"*"))
	if len(left) > 0 {
		t.Errorf("a failed update left %v", left)
	}
}

func TestInterruptedDownload(t *testing.T) {
	recs := subset(t)
	srv := setup(t, recs)
	update(t, srv)
	next := recs.Clone()
	later := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	var victim string
	for id := range recs {
		victim = max(victim, id)
	}
	if err := next.Change(victim, "changed", later); err != nil {
		t.Fatal(err)
	}
	files := layout(t, next)
	srv.Set(files)
	cut := func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/ID/"+victim) {
			vulndbtest.CutBody(w, vulndbtest.Gzip(files["ID/"+victim+".json"]))
			return true
		}
		return false
	}
	srv.Fault(cut)
	failUpdate(t, srv, Options{}, `GET http://127\.0\.0\.1:\d+/ID/`+victim+`\.json\.gz: the connection was cut before the end of the file`)

	// The whole zip, cut.
	srv.Fault(func(w http.ResponseWriter, r *http.Request) bool {
		vulndbtest.CutBody(w, vulndbtest.Zip(files))
		return true
	})
	failUpdate(t, srv, Options{URL: srv.URL + "/vulndb.zip"}, `vulndb\.zip: the connection was cut`)

	// An update killed halfway leaves a copy being written; the next
	// one removes it and succeeds.
	srv.Fault(nil)
	store, _ := StoreDir()
	if err := os.MkdirAll(filepath.Join(store, tmpPrefix+"killed", "ID"), 0o777); err != nil {
		t.Fatal(err)
	}
	res := update(t, srv)
	if res.Fetched != 1 {
		t.Errorf("after the interruption, fetched %d records, want 1", res.Fetched)
	}
	if left, _ := filepath.Glob(filepath.Join(store, tmpPrefix+"*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestCorruptResponse(t *testing.T) {
	recs := subset(t)
	srv := setup(t, recs)
	update(t, srv)
	later := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	next := recs.Clone()
	var ids []string
	for id := range recs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if err := next.Change(ids[0], "changed", later); err != nil {
		t.Fatal(err)
	}
	files := layout(t, next)
	srv.Set(files)
	serve := func(path string, body []byte) func(http.ResponseWriter, *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != path {
				return false
			}
			w.Write(body)
			return true
		}
	}
	other := next[ids[1]]
	for _, c := range []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request) bool
		want  string
	}{
		{"vulns.json is not JSON", serve("/index/vulns.json.gz", vulndbtest.Gzip([]byte(`[{"id": "GO-2020-0001",`))),
			`index/vulns\.json\.gz: not a Go vulnerability database index \(unexpected end of JSON input\)`},
		{"db.json is an HTML page", serve("/index/db.json.gz", vulndbtest.Gzip([]byte("<html><body>Please log in</body></html>"))),
			`index/db\.json\.gz: not a Go vulnerability database index .*the server answered: "<html><body>Please log in`},
		{"a .gz file that is not gzip", serve("/ID/"+ids[0]+".json.gz", files["ID/"+ids[0]+".json"]),
			`ID/` + ids[0] + `\.json\.gz: not gzip data`},
		{"a gzip file cut short", serve("/ID/"+ids[0]+".json.gz", vulndbtest.Gzip(files["ID/"+ids[0]+".json"])[:40]),
			`ID/` + ids[0] + `\.json\.gz: corrupt gzip data`},
		{"a record whose id disagrees with the index", serve("/ID/"+ids[0]+".json.gz", vulndbtest.Gzip(other)),
			`ID/` + ids[0] + `\.json\.gz: the record's id is "` + ids[1] + `", but the index lists it as ` + ids[0]},
		{"a record that is not JSON", serve("/ID/"+ids[0]+".json.gz", vulndbtest.Gzip([]byte("{\n\"id\": \"x\",\n]"))),
			`ID/` + ids[0] + `\.json\.gz:3: invalid character`},
		{"a record older than the index says", serve("/ID/"+ids[0]+".json.gz", vulndbtest.Gzip(recs[ids[0]])),
			`ID/` + ids[0] + `\.json\.gz: the record was modified at .*, but index/vulns\.json says 2026-09-01T00:00:00Z`},
		{"modules.json names a record vulns.json does not", serve("/index/modules.json.gz", vulndbtest.Gzip([]byte(`[{"path":"example.com/m","vulns":[{"id":"GO-2099-0001","modified":"2020-01-01T00:00:00Z"}]}]`))),
			`index/modules\.json\.gz: module example\.com/m lists record "GO-2099-0001", which index/vulns\.json does not: the index files disagree`},
		{"a record newer than the database", serve("/index/db.json.gz", vulndbtest.Gzip([]byte(`{"modified":"2020-01-01T00:00:00Z"}`))),
			`index/vulns\.json\.gz: record GO-.* was modified at .*, after the database \(2020-01-01T00:00:00Z, in index/db\.json\): the index files disagree`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv.Fault(c.fault)
			failUpdate(t, srv, Options{}, c.want)
		})
	}
	srv.Fault(nil)
	if res := update(t, srv); res.Fetched != 1 {
		t.Errorf("after the failures, fetched %d, want 1", res.Fetched)
	}
}

func TestHTTPErrors(t *testing.T) {
	srv := setup(t, subset(t))
	status := func(code int) func(http.ResponseWriter, *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, http.StatusText(code), code)
			return true
		}
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String()
	closed.Close()

	// A proxy that wants credentials.
	proxy := vulndbtest.NewServer(nil)
	defer proxy.Close()
	proxy.Fault(status(http.StatusProxyAuthRequired))
	proxyURL, _ := url.Parse(proxy.URL)

	for _, c := range []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request) bool
		opts  Options
		want  string
	}{
		{"server error", status(http.StatusInternalServerError), Options{},
			`GET http://127\.0\.0\.1:\d+/index/db\.json\.gz: 500 Internal Server Error \(the server's trouble: try again later\)`},
		{"not a database", status(http.StatusNotFound), Options{},
			`index/db\.json: 404 Not Found: is http://127\.0\.0\.1:\d+ a Go vulnerability database, in the layout of https://vuln\.go\.dev`},
		{"no network", nil, Options{URL: closedURL},
			`GET http://127\.0\.0\.1:\d+/index/db\.json\.gz: cannot connect \(no network, or the server is down\?\): .*connection refused; fixlint osv update is the only fixlint command that needs the network`},
		{"proxy down", nil, Options{Proxy: func(*http.Request) (*url.URL, error) { u, _ := url.Parse(closedURL); return u, nil }},
			`GET http://127\.0\.0\.1:\d+/index/db\.json\.gz through the proxy http://127\.0\.0\.1:\d+ \(from HTTPS_PROXY or HTTP_PROXY; NO_PROXY lists hosts reached directly\): .*connection refused`},
		{"proxy wants credentials", nil, Options{Proxy: http.ProxyURL(proxyURL)},
			`407 Proxy Authentication Required \(the proxy wants credentials: put them in HTTPS_PROXY`},
		{"server too slow", func(w http.ResponseWriter, r *http.Request) bool {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return true
		}, Options{Stall: 300 * time.Millisecond},
			`GET http://127\.0\.0\.1:\d+/index/db\.json\.gz: (the server sent nothing for 300ms: a server too slow, or a connection that hangs; try again later|no answer within 300ms)`},
		{"a body that stops halfway", func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(`{"modified":`))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return true
		}, Options{Stall: 300 * time.Millisecond},
			`index/db\.json\.gz: the server sent nothing for 300ms`},
		{"a record larger than the limit", func(w http.ResponseWriter, r *http.Request) bool {
			if !strings.HasPrefix(r.URL.Path, "/ID/") {
				return false
			}
			w.Write(vulndbtest.Gzip([]byte(`{"id": "` + strings.Repeat("x", int(osv.MaxRecordSize())) + `"}`)))
			return true
		}, Options{},
			`ID/GO-.*\.json\.gz: it decompresses to more than 4 MiB, the limit for it`},
		{"a zip that is not one", func(w http.ResponseWriter, r *http.Request) bool {
			w.Write([]byte("PK but not really"))
			return true
		}, Options{URL: srv.URL + "/vulndb.zip"},
			`vulndb\.zip: not a zip file`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv.Fault(c.fault)
			start := time.Now()
			failUpdate(t, srv, c.opts, c.want)
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("took %v: a timeout did not fire", d)
			}
		})
	}
}

func TestBadURL(t *testing.T) {
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	for url, want := range map[string]string{
		"ftp://example.com/db":   `want an http, https or file URL`,
		"file://host/db":         `a file URL names a local path`,
		"https://":               `no host`,
		"https://x.test/db?a=b":  `no query or fragment`,
		"file:///no/such/dir/db": `no such file or directory`,
		"file:///no/such/db.zip": `no such file or directory`,
		"file://" + os.TempDir(): `index/db\.json: .*no such file or directory`,
	} {
		_, err := Update(context.Background(), Options{URL: url})
		if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
			t.Errorf("update %s: %v; want an error matching %q", url, err, want)
		}
	}
}

func TestZipAndPlainJSON(t *testing.T) {
	recs := subset(t)
	srv := setup(t, recs)
	files := layout(t, recs)

	// A zip given as a file.
	zipFile := filepath.Join(t.TempDir(), "vulndb.zip")
	if err := os.WriteFile(zipFile, vulndbtest.Zip(files), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	res, err := Update(context.Background(), Options{URL: "file://" + filepath.ToSlash(zipFile)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Zip || res.Database.Records != len(recs) {
		t.Errorf("from a zip file: zip %v, %d records", res.Zip, res.Database.Records)
	}
	// A directory in the served layout, as a file URL.
	dir := t.TempDir()
	for name, data := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o777)
		os.WriteFile(filepath.Join(dir, name), data, 0o666)
	}
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	if res, err := Update(context.Background(), Options{URL: "file://" + filepath.ToSlash(dir)}); err != nil || res.Database.Records != len(recs) {
		t.Errorf("from a directory: %v", err)
	}
	// A server without .json.gz files: the plain ones.
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	srv.NoGzip(true)
	srv.Requests()
	res = update(t, srv)
	reqs := srv.Requests()
	if res.Database.Records != len(recs) || reqs[0] != "/index/db.json.gz" || reqs[1] != "/index/db.json" || strings.HasSuffix(reqs[len(reqs)-1], ".gz") {
		t.Errorf("without .json.gz: %d records, requests %v", res.Database.Records, reqs)
	}
}

// TestZipAccelerator: a first update of more records than zipThreshold
// fetches the zip when the server has one.
func TestZipAccelerator(t *testing.T) {
	recs := make(vulndbtest.Records)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range zipThreshold + 1 {
		id := "GO-2026-" + strings.Repeat("0", 4-len(itoa(i))) + itoa(i)
		data, err := fixture.Record{ID: id, Summary: "s", Module: "example.com/m" + itoa(i%7), Fixed: "1.0.1", Package: "example.com/m"}.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := recs.Add(id, data, base.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	srv := setup(t, recs)
	srv.ServeZip(true)
	res := update(t, srv)
	reqs := srv.Requests()
	if !res.Zip || len(recordRequests(reqs)) != 0 || !slices.Contains(reqs, "/vulndb.zip") || res.Database.Records != len(recs) {
		t.Errorf("zip %v, %d records, requests %v", res.Zip, res.Database.Records, reqs)
	}
	// Without a zip, one by one.
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	srv.ServeZip(false)
	res = update(t, srv)
	if res.Zip || len(recordRequests(srv.Requests())) != len(recs) {
		t.Errorf("without a zip: zip %v", res.Zip)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestConcurrentUpdates: two updates at once take turns; both succeed and
// the store holds one good copy.
func TestConcurrentUpdates(t *testing.T) {
	srv := setup(t, subset(t))
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = Update(context.Background(), Options{URL: srv.URL})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	db, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := osv.OpenIndex(db.Index); err != nil {
		t.Error(err)
	}
}

// TestOpenCompilesMissingIndex: after fixlint moves to another index
// format, the copy's records are compiled again, once.
func TestOpenCompilesMissingIndex(t *testing.T) {
	srv := setup(t, subset(t))
	db := update(t, srv).Database
	if err := os.Remove(db.Index); err != nil {
		t.Fatal(err)
	}
	if _, err := Current(); err != nil {
		t.Fatal(err)
	}
	got, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := osv.OpenIndex(got.Index); err != nil {
		t.Errorf("Open did not compile the index: %v", err)
	}
}

// TestFullDatabase updates from the whole shared database once, served
// without a zip (every record fetched), and then from its zip.
func TestFullDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	recs, err := vulndbtest.LoadDir(sharedOSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := setup(t, recs)
	start := time.Now()
	res := update(t, srv)
	t.Logf("%d records, one by one: %v, %d bytes received, %d bytes of records, index %d bytes", len(recs), time.Since(start), res.Received, res.Database.Bytes, fileSize(t, res.Database.Index))
	if res.Database.Records != len(recs) || res.Database.Withdrawn == 0 {
		t.Errorf("%d records, %d withdrawn; want %d", res.Database.Records, res.Database.Withdrawn, len(recs))
	}
	t.Setenv("FIXLINT_CACHE", t.TempDir())
	srv.ServeZip(true)
	start = time.Now()
	res = update(t, srv)
	t.Logf("from the zip: %v, %d bytes received", time.Since(start), res.Received)
	if !res.Zip || res.Database.Records != len(recs) {
		t.Errorf("zip %v, %d records", res.Zip, res.Database.Records)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
