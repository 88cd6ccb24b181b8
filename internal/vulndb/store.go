package vulndb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/osv"
)

// DefaultURL is the Go vulnerability database.
const DefaultURL = "https://vuln.go.dev"

// ErrNone is the error of Open when no update has been run.
var ErrNone = errors.New("no Go vulnerability database: run fixlint osv update to download it")

const (
	stateFile = "current.json"
	lockFile  = "lock"
	// tmpPrefix starts the name of a copy being written.
	tmpPrefix = ".update-"
	// maxStateSize is the most read of current.json (a few hundred bytes).
	maxStateSize = 64 << 10
)

// State is what current.json says of the copy in use.
type State struct {
	// Copy is the copy's directory name under the store; Previous the
	// one in use before it, kept for the processes that still read it.
	Copy     string `json:"copy"`
	Previous string `json:"previous,omitempty"`
	// URL is where it came from.
	URL string `json:"url"`
	// Modified is the database's modification time (index/db.json).
	Modified time.Time `json:"modified"`
	// Updated is when this copy was written; Checked is the last update
	// that reached the server, whether or not the database had changed.
	// How old a copy is counts from Checked.
	Updated time.Time `json:"updated"`
	Checked time.Time `json:"checked"`
	// Records counts the records, Withdrawn those of them withdrawn (they
	// give no findings); Bytes is their size.
	Records   int   `json:"records"`
	Withdrawn int   `json:"withdrawn"`
	Bytes     int64 `json:"bytes"`
}

// Database is the copy in use.
type Database struct {
	State
	// Dir is the copy, in the layout of the server (and of govulncheck's
	// -db file://).
	Dir string
	// Index is its compiled index: what -osv and -fixlint.osv get. The
	// path names the content.
	Index string
}

// Age is how long ago an update last reached the server.
func (db *Database) Age(now time.Time) time.Duration { return now.Sub(db.Checked) }

// StoreDir is where the database is kept: osv.CacheDir()/vulndb.
func StoreDir() (string, error) {
	cache, err := osv.CacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the Go vulnerability database: %v", err)
	}
	return filepath.Join(cache, "vulndb"), nil
}

// Current reads which copy is in use, without opening it: the standalone
// command asks on every run. The error is ErrNone when there is none.
func Current() (*Database, error) {
	store, err := StoreDir()
	if err != nil {
		return nil, err
	}
	return readState(store)
}

func readState(store string) (*Database, error) {
	file := filepath.Join(store, stateFile)
	data, err := fileio.ReadRegular(file, maxStateSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNone
	}
	if err != nil {
		return nil, err
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("%s: %v; run fixlint osv update to replace it", file, err)
	}
	if !validCopyName(st.Copy) {
		return nil, fmt.Errorf("%s: no valid copy named (%q); run fixlint osv update to replace it", file, st.Copy)
	}
	dir := filepath.Join(store, st.Copy)
	return &Database{State: st, Dir: dir, Index: filepath.Join(dir, osv.IndexFileName)}, nil
}

// Open returns the copy in use, with its index compiled: after fixlint
// itself was updated to another index format, the copy's records are
// compiled once into the new format, beside the old index.
func Open() (*Database, error) {
	store, err := StoreDir()
	if err != nil {
		return nil, err
	}
	db, err := readState(store)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(db.Index); err == nil {
		return db, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if _, err := os.Stat(db.Dir); err != nil {
		return nil, fmt.Errorf("the Go vulnerability database's copy %s is missing (%v); run fixlint osv update", db.Dir, err)
	}
	unlock, err := lock(context.Background(), store, nil)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := os.Stat(db.Index); err == nil {
		return db, nil // compiled by another process meanwhile
	}
	if _, bad, err := osv.CompileDir(db.Dir, db.Index); err != nil || len(bad) > 0 {
		return nil, fmt.Errorf("compiling the Go vulnerability database's copy %s: %v; run fixlint osv update", db.Dir, errors.Join(append(bad, err)...))
	}
	return db, nil
}

// copyPattern is a copy's name: the database's modified time and a hash
// of its records (copyName). Nothing else in the store is ever removed.
var copyPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$`)

func validCopyName(name string) bool { return copyPattern.MatchString(name) }

// writeState points current.json at a copy, atomically.
func writeState(store string, st State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return fileio.WriteFile(filepath.Join(store, stateFile), append(data, '\n'), 0o644)
}

// prune removes what an update leaves behind: copies other than keep (the
// current and the previous one), and copies that an interrupted update was
// writing. The caller holds the lock, so no update is writing one now.
func prune(store string, keep ...string) error {
	ents, err := os.ReadDir(store)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || (!validCopyName(name) && !strings.HasPrefix(name, tmpPrefix)) {
			continue
		}
		kept := false
		for _, k := range keep {
			kept = kept || k == name
		}
		if !kept {
			if err := os.RemoveAll(filepath.Join(store, name)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
