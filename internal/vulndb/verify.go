package vulndb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fixlint/fixlint/internal/osv"
)

// The index files, as golang.org/x/vuln's client reads them
// (internal/client/schema.go) and vuln.go.dev serves them.
type (
	// dbMeta is index/db.json.
	dbMeta struct {
		Modified time.Time `json:"modified"`
	}
	// vulnMeta is an entry of index/vulns.json.
	vulnMeta struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Aliases  []string  `json:"aliases,omitempty"`
	}
	// moduleMeta is an entry of index/modules.json.
	moduleMeta struct {
		Path  string       `json:"path"`
		Vulns []moduleVuln `json:"vulns"`
	}
	moduleVuln struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Fixed    string    `json:"fixed,omitempty"`
	}
)

// maxIndexSize is the size limit of one index file (vuln.go.dev's
// modules.json is about 1 MB).
const maxIndexSize = 64 << 20

// index is a database's index files, checked against each other.
type index struct {
	modified time.Time
	vulns    []vulnMeta          // sorted by ID
	modules  map[string][]string // record ID → the modules that list it, sorted
	raw      map[string][]byte   // endpoint → the file as served
}

// decodeIndexFile decodes one index file, with a message that tells a
// database from something else that answered (a login page of a proxy, an
// HTML error page).
func decodeIndexFile(where string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: not a Go vulnerability database index (%v); the server answered: %s", where, err, snippet(data))
	}
	return nil
}

// snippet quotes the start of a response for an error message.
func snippet(data []byte) string {
	const n = 80
	s := data
	if len(s) > n {
		s = s[:n]
	}
	for len(s) > 0 && !utf8.Valid(s) {
		s = s[:len(s)-1]
	}
	q := fmt.Sprintf("%q", bytes.TrimSpace(s))
	if len(data) > n {
		q += "..."
	}
	return q
}

// parseIndex checks the three index files and that they agree: every
// record of modules.json is in vulns.json, with the same modification
// time, and no record is newer than the database.
func parseIndex(src source, db, vulns, modules []byte) (*index, error) {
	var meta dbMeta
	if err := decodeIndexFile(src.where("index/db"), db, &meta); err != nil {
		return nil, err
	}
	if meta.Modified.IsZero() {
		return nil, fmt.Errorf("%s: no modified time: not a Go vulnerability database index; the server answered: %s", src.where("index/db"), snippet(db))
	}
	ix := &index{
		modified: meta.Modified,
		modules:  make(map[string][]string),
		raw:      map[string][]byte{"index/db": db, "index/vulns": vulns, "index/modules": modules},
	}
	where := src.where("index/vulns")
	if err := decodeIndexFile(where, vulns, &ix.vulns); err != nil {
		return nil, err
	}
	if len(ix.vulns) == 0 {
		return nil, fmt.Errorf("%s: no records", where)
	}
	if len(ix.vulns) > osv.MaxRecords() {
		return nil, fmt.Errorf("%s: %d records, more than %d, the limit for a database", where, len(ix.vulns), osv.MaxRecords())
	}
	byID := make(map[string]*vulnMeta, len(ix.vulns))
	folded := make(map[string]string, len(ix.vulns))
	for i := range ix.vulns {
		v := &ix.vulns[i]
		if !osv.ValidID(v.ID) {
			return nil, fmt.Errorf("%s: record id %q: want letters, digits, '-', '.' and '_' (such as GO-2024-1234), at most 64", where, v.ID)
		}
		// Records are files: on a case-insensitive file system, two IDs
		// that differ in case would be one file.
		if prev, ok := folded[strings.ToUpper(v.ID)]; ok {
			return nil, fmt.Errorf("%s: record %s is listed twice (as %s too)", where, v.ID, prev)
		}
		folded[strings.ToUpper(v.ID)] = v.ID
		if v.Modified.IsZero() {
			return nil, fmt.Errorf("%s: record %s has no modified time", where, v.ID)
		}
		if v.Modified.After(meta.Modified) {
			return nil, fmt.Errorf("%s: record %s was modified at %s, after the database (%s, in index/db.json): the index files disagree",
				where, v.ID, v.Modified.UTC().Format(time.RFC3339), meta.Modified.UTC().Format(time.RFC3339))
		}
		byID[v.ID] = v
	}
	slices.SortFunc(ix.vulns, func(a, b vulnMeta) int { return strings.Compare(a.ID, b.ID) })

	where = src.where("index/modules")
	var mods []moduleMeta
	if err := decodeIndexFile(where, modules, &mods); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(mods))
	for _, m := range mods {
		if m.Path == "" {
			return nil, fmt.Errorf("%s: a module without a path", where)
		}
		if seen[m.Path] {
			return nil, fmt.Errorf("%s: module %s is listed twice", where, m.Path)
		}
		seen[m.Path] = true
		for _, mv := range m.Vulns {
			v, ok := byID[mv.ID]
			if !ok {
				return nil, fmt.Errorf("%s: module %s lists record %q, which index/vulns.json does not: the index files disagree", where, m.Path, mv.ID)
			}
			if !mv.Modified.Equal(v.Modified) {
				return nil, fmt.Errorf("%s: module %s lists record %s as modified at %s, index/vulns.json at %s: the index files disagree",
					where, m.Path, mv.ID, mv.Modified.UTC().Format(time.RFC3339), v.Modified.UTC().Format(time.RFC3339))
			}
			ix.modules[mv.ID] = append(ix.modules[mv.ID], m.Path)
		}
	}
	for id := range ix.modules {
		slices.Sort(ix.modules[id])
		ix.modules[id] = slices.Compact(ix.modules[id])
	}
	return ix, nil
}

// checked is a record that passed verifyRecord.
type checked struct {
	data      []byte
	cards     int
	withdrawn bool
}

// verifyRecord checks a record as the loader reads it (osv.CheckRecord)
// and against the index: its ID, its modification time, and the modules
// it affects.
func (ix *index) verifyRecord(where string, v vulnMeta, data []byte) (checked, error) {
	e, cards, err := osv.CheckRecord(where, data)
	if err != nil {
		return checked{}, err
	}
	if e.ID != v.ID {
		return checked{}, fmt.Errorf("%s: the record's id is %q, but the index lists it as %s: the record and the index disagree", where, e.ID, v.ID)
	}
	if !e.Modified.Equal(v.Modified) {
		return checked{}, fmt.Errorf("%s: the record was modified at %s, but index/vulns.json says %s: the record and the index disagree",
			where, e.Modified.UTC().Format(time.RFC3339), v.Modified.UTC().Format(time.RFC3339))
	}
	var affected []string
	for _, a := range e.Affected {
		if a.Module.Ecosystem == "" || a.Module.Ecosystem == "Go" {
			affected = append(affected, a.Module.Path)
		}
	}
	slices.Sort(affected)
	affected = slices.Compact(affected)
	if listed := ix.modules[v.ID]; !slices.Equal(affected, listed) {
		return checked{}, fmt.Errorf("%s: the record affects %s, but index/modules.json lists it under %s: the record and the index disagree",
			where, orNone(affected), orNone(listed))
	}
	return checked{data: data, cards: len(cards), withdrawn: e.Withdrawn != nil}, nil
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "no module"
	}
	return strings.Join(list, ", ")
}
