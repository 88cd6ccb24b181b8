package vulndb

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/osv"
)

// zipSource reads a database zip, as vuln.go.dev/vulndb.zip is: the
// served layout's .json files, at the top of the zip or in one directory.
type zipSource struct {
	name  string // the zip's URL or file, for messages
	files map[string]*zip.File
	root  string // "" or "dir/"
}

// maxZipEntries bounds a zip's entries: the records and a few indexes.
func maxZipEntries() int { return osv.MaxRecords() + 16 }

func newZipSource(name string, data []byte) (*zipSource, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: not a zip file: %v", name, err)
	}
	if len(zr.File) > maxZipEntries() {
		return nil, fmt.Errorf("%s: %d entries, more than a database has (at most %d records)", name, len(zr.File), osv.MaxRecords())
	}
	s := &zipSource{name: name, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		s.files[f.Name] = f
	}
	if _, ok := s.files["index/db.json"]; !ok {
		// One directory around it is fine (a zip made with zip -r dir).
		for n := range s.files {
			if dir, ok := strings.CutSuffix(n, "/index/db.json"); ok && !strings.Contains(dir, "/") {
				s.root = dir + "/"
				break
			}
		}
		if s.root == "" {
			return nil, fmt.Errorf("%s: no index/db.json in the zip: not a Go vulnerability database zip (such as %s/vulndb.zip)", name, DefaultURL)
		}
	}
	return s, nil
}

func (s *zipSource) where(endpoint string) string {
	return s.name + ":" + s.root + endpoint + ".json"
}

func (s *zipSource) get(_ context.Context, endpoint string, limit int64) ([]byte, error) {
	f, ok := s.files[path.Clean(s.root+endpoint+".json")]
	if !ok {
		return nil, fmt.Errorf("%s: %w", s.where(endpoint), fs.ErrNotExist)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s: %s, more than %s, the limit for it", s.where(endpoint), fileio.Size(int64(f.UncompressedSize64)), fileio.Size(limit))
	}
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.where(endpoint), err)
	}
	defer r.Close()
	// The header's size may lie: the limit holds for what comes out.
	data, err := readLimited(r, limit)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%s: it decompresses to more than %s, the limit for it", s.where(endpoint), fileio.Size(limit))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: corrupt zip entry: %v", s.where(endpoint), err)
	}
	return data, nil
}
