package osv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/rules"
)

// Decode parses one OSV record. file names it in errors, with the line of a
// syntax error.
func Decode(file string, data []byte) (*Entry, error) {
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s:%d: %v", file, lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%s:%d: %v", file, lineAt(data, te.Offset), err)
		}
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if e.ID == "" {
		return nil, fmt.Errorf("%s: not an OSV record (no id)", file)
	}
	return &e, nil
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// RecordFiles lists the record files of a database directory: ID/*.json in
// govulncheck's layout (with index/db.json), else every *.json file of dir.
// Entries that are not regular files are listed too, so that reading them
// is an error that names them rather than a record quietly missing.
func RecordFiles(dir string) ([]string, error) {
	recDir := dir
	if _, err := os.Stat(filepath.Join(dir, "index", "db.json")); err == nil {
		recDir = filepath.Join(dir, "ID")
	}
	d, err := os.Open(recDir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var files []string
	for {
		// In batches: a directory of millions of files is refused once
		// it passes the limit, before all its names are in memory.
		ents, err := d.ReadDir(1024)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".json") {
				files = append(files, filepath.Join(recDir, e.Name()))
			}
		}
		if len(files) > maxRecords {
			return nil, fmt.Errorf("%s: more than %d OSV records (*.json), the limit for a database; is it the right directory?", recDir, maxRecords)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			// Not the end: records would be missing without a word.
			return nil, fmt.Errorf("%s: %v", recDir, err)
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no OSV records (*.json) found", recDir)
	}
	return files, nil
}

// LoadDir reads every record of a database directory and turns them into
// cards. A record that cannot be read is an error; the others still load.
func LoadDir(dir string) ([]*rules.Card, []error) {
	files, err := RecordFiles(dir)
	if err != nil {
		return nil, []error{err}
	}
	var cards []*rules.Card
	var errs []error
	var total int64
	for i, f := range files {
		data, err := fileio.ReadRegular(f, maxRecordSize)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if total += int64(len(data)); total > maxDatabaseSize {
			errs = append(errs, fmt.Errorf("%s: the records total more than %s, the limit for a database: the last %d records, from %s on, are left out",
				dir, fileio.Size(maxDatabaseSize), len(files)-i, filepath.Base(f)))
			break
		}
		e, err := Decode(f, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cs, err := Cards(e, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cards = append(cards, cs...)
	}
	return cards, errs
}

// CheckRecord checks one record as LoadDir reads it: the size limit, the
// JSON, and the card conversion (ID, ranges, versions). name names it in
// errors: fixlint osv update refuses a download that the loader would
// report, before it replaces a working copy. It returns the record and
// its cards (none for a withdrawn record).
func CheckRecord(name string, data []byte) (*Entry, []*rules.Card, error) {
	if int64(len(data)) > maxRecordSize {
		return nil, nil, fmt.Errorf("%s: %s, more than %s, the limit for a record", name, fileio.Size(int64(len(data))), fileio.Size(maxRecordSize))
	}
	e, err := Decode(name, data)
	if err != nil {
		return nil, nil, err
	}
	cards, err := Cards(e, name)
	if err != nil {
		return nil, nil, err
	}
	return e, cards, nil
}
