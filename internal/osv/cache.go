package osv

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fixlint/fixlint/internal/fileio"
)

// Open returns a source for path: a compiled index file, or a database
// directory. A directory is compiled once into the user's cache, keyed by
// its path and its modification time (adding or removing a record changes
// it; to pick up a record edited in place, touch the directory or run
// fixlint osv compile).
//
// The errors are the records that could not be read when the index was
// compiled (the index holds the others), and, for a directory, a cached
// index that was found corrupt and compiled again: the sources are
// complete then, but the user hears of it. err is set when there is no
// source: an index given as a file that cannot be read or fails its
// checks is one.
func Open(path string) (*Index, []error, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.IsDir() {
		ix, err := OpenIndex(path)
		if err != nil {
			return nil, nil, err
		}
		return ix, ix.Skipped(), nil
	}
	cached, err := cachePath(path, info)
	if err != nil {
		return nil, nil, err
	}
	ix, err := OpenIndex(cached)
	if err == nil {
		ix.source = path
		return ix, ix.Skipped(), nil
	}
	// A cached index that fails its checks: fixlint wrote it, and the
	// database is at hand.
	corrupt := err
	if errors.Is(err, fs.ErrNotExist) {
		corrupt = nil
	}
	if _, bad, err := CompileDir(path, cached); err != nil {
		return nil, bad, err
	}
	if ix, err = OpenIndex(cached); err != nil {
		return nil, nil, err
	}
	ix.source = path
	var errs []error
	if corrupt != nil {
		errs = append(errs, fmt.Errorf("%v; rebuilt the index from %s", corrupt, path))
	}
	return ix, append(errs, ix.Skipped()...), nil
}

func cachePath(dir string, info os.FileInfo) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return "", errors.New("no cache directory to compile the OSV database into; run fixlint osv compile and pass the index file")
	}
	stamp := info.ModTime().UTC().Format("20060102T150405.000000000")
	if db, err := os.Stat(filepath.Join(dir, "index", "db.json")); err == nil {
		stamp += db.ModTime().UTC().Format("20060102T150405.000000000")
	}
	h := sha256.Sum256([]byte(indexMagic + abs + "\x00" + stamp))
	return filepath.Join(cache, "osv", hex.EncodeToString(h[:12])+".idx"), nil
}

// CacheDir is fixlint's directory in the user cache: $FIXLINT_CACHE when
// set, else fixlint under os.UserCacheDir ($XDG_CACHE_HOME or ~/.cache on
// Linux). Compiled indexes and the database of fixlint osv update live
// there; FIXLINT_CACHE moves them elsewhere (a CI cache, a test's
// temporary directory) without moving the go command's build cache, which
// is under the user cache too.
func CacheDir() (string, error) {
	if dir := os.Getenv("FIXLINT_CACHE"); dir != "" {
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("FIXLINT_CACHE=%s: want an absolute path", dir)
		}
		return dir, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "fixlint"), nil
}

// CompileDir reads the records of database dir and writes their index to
// file, atomically (fixlint osv compile; and Open, into the cache). It
// returns the number of cards, and the records that could not be read,
// which are left out and listed in the index; err is set when no index was
// written.
func CompileDir(dir, file string) (cards int, bad []error, err error) {
	cs, bad := LoadDir(dir)
	if len(cs) == 0 {
		return 0, bad, fmt.Errorf("%s: no usable OSV records", dir)
	}
	data, err := encodeIndex(cs, bad)
	if err != nil {
		return 0, bad, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return 0, bad, err
	}
	// Processes that find no cached index compile it at the same time
	// (go vet runs several): each writes a file of its own and renames it
	// into place, so none reads a file half written.
	if err := fileio.WriteFile(file, data, 0o644); err != nil {
		return 0, bad, err
	}
	return len(cs), bad, nil
}

// rebuild compiles a cached index again from its database directory, and
// reads its new header.
func (ix *Index) rebuild() error {
	ix.rebuilding.Lock()
	defer ix.rebuilding.Unlock()
	if _, _, err := CompileDir(ix.source, ix.path); err != nil {
		return err
	}
	f, err := fileio.OpenRegular(ix.path)
	if err != nil {
		return err
	}
	defer f.Close()
	h, err := readHeader(ix.path, f)
	if err != nil {
		return err
	}
	ix.hdr.Store(h)
	return nil
}
