// Package vulndbtest serves a Go vulnerability database over loopback
// HTTP in vuln.go.dev's layout, for the tests of fixlint osv update. It
// builds the index files from the records as golang.org/x/vulndb's
// generator does, and can serve the files compressed, zipped, or broken.
package vulndbtest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/semver"
)

// Records are OSV records by ID, as JSON.
type Records map[string][]byte

// LoadDir reads the records (*.json) of dir, those that keep accepts (nil:
// all). Records with zero modified or published times (all of the shared
// copy of the Go database's) get the dates of dir + ".dates.json", when
// it exists, as the upstream generator gives them the dates of their
// commits; else a fixed time.
func LoadDir(dir string, keep func(id string) bool) (Records, error) {
	type dates struct{ Newest, Oldest time.Time }
	var byID map[string]dates
	datesFile := filepath.Clean(dir) + ".dates.json"
	if data, err := os.ReadFile(datesFile); err == nil {
		if err := json.Unmarshal(data, &byID); err != nil {
			return nil, fmt.Errorf("%s: %v", datesFile, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no records in %s (%v)", dir, err)
	}
	recs := make(Records)
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".json")
		if keep != nil && !keep(id) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		d := byID[id]
		if d.Newest.IsZero() {
			d.Newest = fixed
		}
		if d.Oldest.IsZero() {
			d.Oldest = d.Newest
		}
		data, err = setTimes(data, d.Newest, d.Oldest, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		recs[id] = data
	}
	return recs, nil
}

// setTimes sets a record's modified and published times where they are
// zero, or modified always when force is set.
func setTimes(data []byte, modified, published time.Time, force bool) ([]byte, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	var rec struct{ Modified, Published time.Time }
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, err
	}
	if force || rec.Modified.Year() <= 1 {
		raw["modified"], _ = json.Marshal(modified.UTC())
	}
	if rec.Published.Year() <= 1 {
		raw["published"], _ = json.Marshal(published.UTC())
	}
	return json.MarshalIndent(raw, "", "  ")
}

// Clone copies the records (the JSON is shared: it is never changed in
// place).
func (r Records) Clone() Records {
	c := make(Records, len(r))
	for id, data := range r {
		c[id] = data
	}
	return c
}

// Add adds or replaces a record, modified at t.
func (r Records) Add(id string, data []byte, t time.Time) error {
	data, err := setTimes(data, t, t, true)
	if err != nil {
		return err
	}
	r[id] = data
	return nil
}

// Change rewrites the summary of a record and sets its modified time.
func (r Records) Change(id, summary string, t time.Time) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r[id], &raw); err != nil {
		return fmt.Errorf("%s: %v", id, err)
	}
	raw["summary"], _ = json.Marshal(summary)
	data, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return r.Add(id, data, t)
}

// Withdraw marks a record withdrawn at t.
func (r Records) Withdraw(id string, t time.Time) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r[id], &raw); err != nil {
		return fmt.Errorf("%s: %v", id, err)
	}
	raw["withdrawn"], _ = json.Marshal(t.UTC())
	data, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return r.Add(id, data, t)
}

// Layout returns the files of the records in vuln.go.dev's layout:
// index/db.json, index/vulns.json, index/modules.json and ID/<id>.json.
func (r Records) Layout() (map[string][]byte, error) {
	type vulnMeta struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Aliases  []string  `json:"aliases,omitempty"`
	}
	type moduleVuln struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Fixed    string    `json:"fixed,omitempty"`
	}
	type moduleMeta struct {
		Path  string       `json:"path"`
		Vulns []moduleVuln `json:"vulns"`
	}
	files := make(map[string][]byte)
	var vulns []vulnMeta
	modules := make(map[string][]moduleVuln)
	var dbModified time.Time
	for id, data := range r {
		var rec struct {
			ID       string    `json:"id"`
			Modified time.Time `json:"modified"`
			Aliases  []string  `json:"aliases"`
			Affected []struct {
				Package struct {
					Name string `json:"name"`
				} `json:"package"`
				Ranges []struct {
					Events []struct {
						Fixed string `json:"fixed"`
					} `json:"events"`
				} `json:"ranges"`
			} `json:"affected"`
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, fmt.Errorf("%s: %v", id, err)
		}
		files["ID/"+id+".json"] = data
		vulns = append(vulns, vulnMeta{ID: id, Modified: rec.Modified.UTC(), Aliases: rec.Aliases})
		if rec.Modified.After(dbModified) {
			dbModified = rec.Modified
		}
		seen := make(map[string]bool)
		for _, a := range rec.Affected {
			if seen[a.Package.Name] {
				continue
			}
			seen[a.Package.Name] = true
			fixed := ""
			for _, rg := range a.Ranges {
				for _, e := range rg.Events {
					if e.Fixed != "" && semver.Compare("v"+e.Fixed, "v"+fixed) > 0 {
						fixed = e.Fixed
					}
				}
			}
			modules[a.Package.Name] = append(modules[a.Package.Name], moduleVuln{ID: id, Modified: rec.Modified.UTC(), Fixed: fixed})
		}
	}
	slices.SortFunc(vulns, func(a, b vulnMeta) int { return strings.Compare(a.ID, b.ID) })
	var mods []moduleMeta
	for path, vs := range modules {
		slices.SortFunc(vs, func(a, b moduleVuln) int { return strings.Compare(a.ID, b.ID) })
		mods = append(mods, moduleMeta{path, vs})
	}
	slices.SortFunc(mods, func(a, b moduleMeta) int { return strings.Compare(a.Path, b.Path) })
	var err error
	put := func(name string, v any) {
		if err == nil {
			files[name], err = json.Marshal(v)
		}
	}
	put("index/db.json", struct {
		Modified time.Time `json:"modified"`
	}{dbModified.UTC()})
	put("index/vulns.json", vulns)
	put("index/modules.json", mods)
	return files, err
}

// Zip returns files as a zip, as vuln.go.dev/vulndb.zip has them.
func Zip(files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			panic(err) // writing to memory
		}
		w.Write(files[n])
	}
	zw.Close()
	return buf.Bytes()
}

// Gzip compresses data.
func Gzip(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// Server serves files in vuln.go.dev's layout on the loopback interface:
// each file as NAME.json and, unless NoGzip, NAME.json.gz; with Zip, also
// the whole as /vulndb.zip.
type Server struct {
	*httptest.Server

	mu     sync.Mutex
	files  map[string][]byte
	zip    []byte
	noGzip bool
	fault  func(w http.ResponseWriter, r *http.Request) bool
	log    []string
}

// NewServer starts a server of files; Close stops it.
func NewServer(files map[string][]byte) *Server {
	s := &Server{files: files}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Set replaces the files served.
func (s *Server) Set(files map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files, s.zip = files, nil
}

// ServeZip makes the server offer /vulndb.zip (or not).
func (s *Server) ServeZip(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zip = nil
	if on {
		s.zip = Zip(s.files)
	}
}

// NoGzip makes the server offer no .json.gz files (or offer them again).
func (s *Server) NoGzip(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noGzip = on
}

// Fault installs f before the files: when it returns true, it has
// answered the request. nil removes it.
func (s *Server) Fault(f func(w http.ResponseWriter, r *http.Request) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Requests returns the paths requested since the last call.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.log
	s.log = nil
	return log
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, r.URL.Path)
	files, zipData, noGzip, fault := s.files, s.zip, s.noGzip, s.fault
	s.mu.Unlock()
	if fault != nil && fault(w, r) {
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "vulndb.zip" && zipData != nil {
		w.Header().Set("Content-Type", "application/zip")
		w.Write(zipData)
		return
	}
	if base, ok := strings.CutSuffix(name, ".gz"); ok && !noGzip {
		if data, ok := files[base]; ok {
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(Gzip(data))
			return
		}
	}
	if data, ok := files[name]; ok {
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
		return
	}
	http.NotFound(w, r)
}

// CutBody answers with the first half of data, announced whole
// (Content-Length), and closes the connection: a download cut short.
func CutBody(w http.ResponseWriter, data []byte) {
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data[:len(data)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}
