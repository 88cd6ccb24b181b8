package vulndb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/osv"
)

// Options configure Update.
type Options struct {
	// URL is the database: a server in vuln.go.dev's layout, or a zip of
	// one, over http, https or file. "" means DefaultURL.
	URL string
	// Stall is how long the server may stay silent: to connect, to
	// answer, between two reads of a body. 0 means 30 seconds.
	Stall time.Duration
	// Parallel is how many records are fetched at once; 0 means 8.
	Parallel int
	// Proxy chooses the proxy of a request; nil means the environment's
	// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
	Proxy func(*http.Request) (*url.URL, error)
	// Progress, when set, hears what the update is doing (from one
	// goroutine at a time).
	Progress func(Progress)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (o *Options) stall() time.Duration {
	if o.Stall > 0 {
		return o.Stall
	}
	return 30 * time.Second
}

func (o *Options) parallel() int {
	if o.Parallel > 0 {
		return o.Parallel
	}
	return 8
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Progress is a step of an update.
type Progress struct {
	// Stage is what is happening: "waiting" (for another update),
	// "index", "zip", "records" (Done of Total), "compiling".
	Stage       string
	Done, Total int
}

// Result says what an update did.
type Result struct {
	Database *Database
	// Previous is the copy that was in use before, or nil.
	Previous *Database
	// Unchanged: the server's database has the modified time of the copy
	// in use, which stays (its Checked time is now).
	Unchanged bool
	// Added, Changed and Removed count records against the previous copy
	// (removed: withdrawn from the server's index altogether).
	Added, Changed, Removed int
	// Fetched counts the records downloaded; Received is the bytes that
	// came over the network (compressed).
	Fetched  int
	Received int64
	// Zip: the records came from a database zip.
	Zip bool
}

// zipThreshold is how many records to fetch make a download of the zip
// of the whole database (about 3 MB from vuln.go.dev) worth it instead:
// one request rather than thousands.
const zipThreshold = 500

// Update brings the copy of the database in the store up to date with the
// one at opts.URL: it fetches the index, then only the records whose
// modification time changed since the copy in use (all of them the first
// time), checks every record and the index against each other, writes a
// new copy, compiles its index, and only then makes it the one in use. On
// any error the copy in use stays as it was. Two updates at once take
// turns.
func Update(ctx context.Context, opts Options) (*Result, error) {
	loc, err := parseLocation(opts.URL)
	if err != nil {
		return nil, err
	}
	store, err := StoreDir()
	if err != nil {
		return nil, err
	}
	u := &updater{opts: &opts, loc: loc, store: store}
	unlock, err := lock(ctx, store, func() { u.progress(Progress{Stage: "waiting"}) })
	if err != nil {
		return nil, err
	}
	defer unlock()
	return u.run(ctx)
}

type updater struct {
	opts  *Options
	loc   location
	store string
	http  *httpSource // nil for a file URL
	mu    sync.Mutex  // serializes progress
}

func (u *updater) progress(p Progress) {
	if u.opts.Progress == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.opts.Progress(p)
}

func (u *updater) run(ctx context.Context) (*Result, error) {
	prev, err := readState(u.store)
	if err != nil {
		prev = nil // none, or unreadable: this update replaces it
	}
	res := &Result{Previous: prev}
	src, err := u.source(ctx, res)
	if err != nil {
		return nil, err
	}
	u.progress(Progress{Stage: "index"})
	db, err := src.get(ctx, "index/db", maxIndexSize)
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusNotFound {
		return nil, fmt.Errorf("%w: is %s a Go vulnerability database, in the layout of %s (index/db.json, index/vulns.json, index/modules.json, ID/<id>.json), or a .zip of one?", err, u.loc.url, DefaultURL)
	}
	if err != nil {
		return nil, err
	}
	var meta dbMeta
	if err := decodeIndexFile(src.where("index/db"), db, &meta); err != nil {
		return nil, err
	}
	now := u.opts.now().UTC()
	if prev != nil && prev.URL == u.loc.url && prev.Modified.Equal(meta.Modified) && intact(prev) {
		st := prev.State
		st.Checked = now
		if err := writeState(u.store, st); err != nil {
			return nil, err
		}
		prev.Checked = now
		res.Database, res.Unchanged = prev, true
		res.Received = u.received()
		return res, prune(u.store, prev.Copy, prev.Previous)
	}
	ix, err := u.index(ctx, src, db)
	if err != nil {
		return nil, err
	}
	local := previousRecords(prev)
	var fetch []vulnMeta
	for _, v := range ix.vulns {
		if m, ok := local[v.ID]; !ok || !m.Equal(v.Modified) {
			fetch = append(fetch, v)
		}
	}
	if u.http != nil && !u.loc.zip && len(fetch) > zipThreshold {
		// Many records to fetch (the first update): the zip of the
		// whole database, if the server has one, is one request.
		zs, err := u.fetchZip(ctx, u.loc.url+"/vulndb.zip", true)
		if err != nil {
			return nil, err
		}
		if zs != nil {
			res.Zip = true
			src = zs
			db, err = src.get(ctx, "index/db", maxIndexSize)
			if err != nil {
				return nil, err
			}
			if ix, err = u.index(ctx, src, db); err != nil {
				return nil, err
			}
		}
	}
	records, err := u.records(ctx, src, ix, prev, local, res)
	if err != nil {
		return nil, err
	}
	for id := range local {
		if _, ok := records[id]; !ok {
			res.Removed++
		}
	}
	d, err := u.write(ix, records, now)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.Copy != d.Copy {
		d.Previous = prev.Copy
	}
	if err := writeState(u.store, d.State); err != nil {
		return nil, err
	}
	res.Database = d
	res.Received = u.received()
	// The copy is in place: a failure to tidy up is not the update's.
	prune(u.store, d.Copy, d.Previous)
	return res, nil
}

func (u *updater) received() int64 {
	if u.http == nil {
		return 0
	}
	return u.http.received.Load()
}

// source opens the location: a served database, or a zip of one.
func (u *updater) source(ctx context.Context, res *Result) (source, error) {
	switch {
	case u.loc.file != "" && u.loc.zip:
		data, err := fileio.ReadRegular(u.loc.file, osv.MaxDatabaseSize())
		if err != nil {
			return nil, err
		}
		res.Zip = true
		return newZipSource(u.loc.file, data)
	case u.loc.file != "":
		fi, err := os.Stat(u.loc.file)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("%s: not a directory in the layout of %s, nor a .zip", u.loc.file, DefaultURL)
		}
		return dirSource{u.loc.file}, nil
	}
	u.http = newHTTPSource(u.loc.url, u.opts)
	if u.loc.zip {
		res.Zip = true
		return u.fetchZip(ctx, u.loc.url, false)
	}
	return u.http, nil
}

// fetchZip downloads a database zip. optional: a 404 is no error, and the
// result nil.
func (u *updater) fetchZip(ctx context.Context, zipURL string, optional bool) (*zipSource, error) {
	u.progress(Progress{Stage: "zip"})
	data, err := u.http.fetch(ctx, zipURL, osv.MaxDatabaseSize(), false)
	var se *StatusError
	if optional && errors.As(err, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusForbidden) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return newZipSource(zipURL, data)
}

// index fetches and checks vulns.json and modules.json.
func (u *updater) index(ctx context.Context, src source, db []byte) (*index, error) {
	vulns, err := src.get(ctx, "index/vulns", maxIndexSize)
	if err != nil {
		return nil, err
	}
	modules, err := src.get(ctx, "index/modules", maxIndexSize)
	if err != nil {
		return nil, err
	}
	return parseIndex(src, db, vulns, modules)
}

// intact reports whether a copy's index opens and passes its checks.
func intact(db *Database) bool {
	_, err := osv.OpenIndex(db.Index)
	return err == nil
}

// previousRecords reads the modification times of the records of the
// previous copy, from its index/vulns.json. A copy that cannot be read
// gives none: every record is fetched.
func previousRecords(prev *Database) map[string]time.Time {
	if prev == nil {
		return nil
	}
	data, err := fileio.ReadRegular(filepath.Join(prev.Dir, "index", "vulns.json"), maxIndexSize)
	if err != nil {
		return nil
	}
	var vulns []vulnMeta
	if decodeIndexFile("", data, &vulns) != nil {
		return nil
	}
	m := make(map[string]time.Time, len(vulns))
	for _, v := range vulns {
		m[v.ID] = v.Modified
	}
	return m
}

// records gets every record of the index: from the previous copy when it
// has the record at the same modification time (and it still passes the
// checks: a copy damaged on disk heals), else from the source. Each is
// checked against the index.
func (u *updater) records(ctx context.Context, src source, ix *index, prev *Database, local map[string]time.Time, res *Result) (map[string]checked, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu      sync.Mutex
		out     = make(map[string]checked, len(ix.vulns))
		total   int64
		done    int
		firstMu sync.Mutex
		first   error
	)
	fail := func(err error) {
		firstMu.Lock()
		if first == nil {
			first = err
			cancel(err)
		}
		firstMu.Unlock()
	}
	jobs := make(chan vulnMeta)
	var wg sync.WaitGroup
	workers := u.opts.parallel()
	if _, ok := src.(*httpSource); !ok {
		workers = runtime.GOMAXPROCS(0) // local reads: the CPU bounds them
	}
	for range workers {
		wg.Go(func() {
			for v := range jobs {
				c, fetched, err := u.record(ctx, src, ix, prev, local, v)
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				out[v.ID] = c
				total += int64(len(c.data))
				over := total > osv.MaxDatabaseSize()
				done++
				n := done
				if fetched {
					res.Fetched++
					if m, ok := local[v.ID]; !ok {
						res.Added++
					} else if !m.Equal(v.Modified) {
						res.Changed++
					}
				}
				mu.Unlock()
				if over {
					fail(fmt.Errorf("%s: the records total more than %s, the limit for a database", u.loc.url, fileio.Size(osv.MaxDatabaseSize())))
				}
				u.progress(Progress{Stage: "records", Done: n, Total: len(ix.vulns)})
			}
		})
	}
feed:
	for _, v := range ix.vulns {
		select {
		case jobs <- v:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// record gets one record, from the previous copy or the source.
func (u *updater) record(ctx context.Context, src source, ix *index, prev *Database, local map[string]time.Time, v vulnMeta) (c checked, fetched bool, err error) {
	if m, ok := local[v.ID]; ok && m.Equal(v.Modified) {
		file := filepath.Join(prev.Dir, "ID", v.ID+".json")
		if data, err := fileio.ReadRegular(file, osv.MaxRecordSize()); err == nil {
			if c, err := ix.verifyRecord(file, v, data); err == nil {
				return c, false, nil
			}
		}
	}
	endpoint := "ID/" + v.ID
	data, err := src.get(ctx, endpoint, osv.MaxRecordSize())
	if err != nil {
		return checked{}, false, err
	}
	c, err = ix.verifyRecord(src.where(endpoint), v, data)
	return c, true, err
}

// write writes the records and the index files as a new copy, under a
// temporary name, names it by its content, and compiles its index. The
// copy in use is not touched.
func (u *updater) write(ix *index, records map[string]checked, now time.Time) (_ *Database, err error) {
	tmp, err := os.MkdirTemp(u.store, tmpPrefix)
	if err != nil {
		return nil, err
	}
	defer func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	for _, d := range []string{"index", "ID"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o777); err != nil {
			return nil, err
		}
	}
	for endpoint, data := range ix.raw {
		if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(endpoint)+".json"), data, 0o644); err != nil {
			return nil, err
		}
	}
	// The records are written without a sync each (thousands of syncs
	// take seconds): the index compiled from them is synced, and the next
	// update checks every record it reuses.
	h := sha256.New()
	st := State{URL: u.loc.url, Modified: ix.modified.UTC(), Updated: now, Checked: now}
	cards := 0
	for _, v := range ix.vulns {
		c := records[v.ID]
		if err := os.WriteFile(filepath.Join(tmp, "ID", v.ID+".json"), c.data, 0o644); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(c.data)
		fmt.Fprintf(h, "%s %x\n", v.ID, sum)
		st.Records++
		st.Bytes += int64(len(c.data))
		cards += c.cards
		if c.withdrawn {
			st.Withdrawn++
		}
	}
	st.Copy = ix.modified.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(h.Sum(nil)[:8])
	dir := filepath.Join(u.store, st.Copy)
	d := &Database{State: st, Dir: dir, Index: filepath.Join(dir, osv.IndexFileName)}
	if _, err := os.Stat(dir); err == nil {
		// The same records as a copy already here (the current one
		// whose index was damaged, or the previous one): copies never
		// change, so keep it and check its index.
		if intact(d) {
			return d, nil
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, err
	}
	tmp = ""
	// Compiled in its final place: cards name their record's file.
	u.progress(Progress{Stage: "compiling"})
	n, bad, err := osv.CompileDir(dir, d.Index)
	if err == nil && len(bad) > 0 {
		err = errors.Join(bad...)
	}
	if err == nil && n != cards {
		err = fmt.Errorf("the index holds %d cards, the records give %d", n, cards)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("compiling the new copy of the database: %v", err)
	}
	return d, nil
}
