package osv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// An index is a compiled OSV database: a header that maps each module path
// to the place of its cards in the file, then the cards, one encoding/gob
// blob per module (gob decodes the standard library's 168 cards about 3.5
// times faster than JSON). Opening it reads only the header; a module's
// cards are read and decoded when first asked for. go vet starts one process per package,
// and this keeps each process's cost to the modules it imports.
//
// The header also holds, for each module, the union of its cards' affected
// ranges: a process asks it whether the version in use can be affected at
// all, and decodes the cards only when it can. Most imported modules are at
// versions no card affects (the standard library at a current toolchain),
// and then nothing is decoded.
//
//	magic "fixlint-osv-index v4\n"
//	uvarint headerLen, header: uvarint n, n × entry
//	entry: string path, uvarint off, uvarint size, uvarint always, uvarint nranges, nranges × (string introduced, string fixed)
//	string: uvarint len, bytes
//	blobs
//
// always is 1 when some card of the module applies at any version (a
// pitfall).
//
// The magic names the format, the blobs' included: change it whenever
// rules.Card's fields change, or indexes cached by an older build would be
// read without the new fields.
const indexMagic = "fixlint-osv-index v4\n"

// Compile builds an index from cards and writes it to w.
func Compile(w io.Writer, cards []*rules.Card) error {
	byMod := make(map[string][]*rules.Card)
	for _, c := range cards {
		byMod[c.Module] = append(byMod[c.Module], c)
	}
	mods := make([]string, 0, len(byMod))
	for m := range byMod {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	var blobs bytes.Buffer
	var header []byte
	header = binary.AppendUvarint(header, uint64(len(mods)))
	for _, m := range mods {
		var blob bytes.Buffer
		if err := gob.NewEncoder(&blob).Encode(byMod[m]); err != nil {
			return err
		}
		data := blob.Bytes()
		header = appendString(header, m)
		header = binary.AppendUvarint(header, uint64(blobs.Len()))
		header = binary.AppendUvarint(header, uint64(len(data)))
		always, union := summarize(byMod[m])
		header = binary.AppendUvarint(header, always)
		header = binary.AppendUvarint(header, uint64(len(union)))
		for _, r := range union {
			header = appendString(header, r.Introduced)
			header = appendString(header, r.Fixed)
		}
		blobs.Write(data)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(indexMagic)
	var n [binary.MaxVarintLen64]byte
	bw.Write(n[:binary.PutUvarint(n[:], uint64(len(header)))])
	bw.Write(header)
	bw.Write(blobs.Bytes())
	return bw.Flush()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// summarize returns what a module's header entry says of its cards: whether
// one applies at any version, and the union of the others' ranges.
func summarize(cards []*rules.Card) (always uint64, union []versions.Range) {
	var all []versions.Range
	for _, c := range cards {
		if c.Kind == rules.Pitfall {
			always = 1
		}
		all = append(all, c.Affected...)
	}
	return always, versions.Union(all)
}

// Index is an opened index; it implements rules.Source and
// rules.RangeSummary.
type Index struct {
	path    string
	base    int64 // offset of the first blob
	modules map[string]entry
}

type entry struct {
	off, size int64
	always    bool
	summary   []byte // the union of ranges, decoded when asked for
}

// OpenIndex opens a compiled index and reads its header.
func OpenIndex(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// The file is closed again at once: a long-lived process (the
	// language server) opens an index for every check, and Cards reopens
	// the file for the few modules it needs.
	defer f.Close()
	return readHeader(path, f)
}

func readHeader(path string, f *os.File) (*Index, error) {
	br := bufio.NewReaderSize(f, 64<<10)
	magic := make([]byte, len(indexMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != indexMagic {
		return nil, fmt.Errorf("%s: not a fixlint OSV index (compile one with fixlint osv compile)", path)
	}
	hlen, err := binary.ReadUvarint(br)
	if err != nil || hlen > 1<<30 {
		return nil, fmt.Errorf("%s: corrupt index header", path)
	}
	header := make([]byte, hlen)
	if _, err := io.ReadFull(br, header); err != nil {
		return nil, fmt.Errorf("%s: corrupt index header: %v", path, err)
	}
	var lenBuf [binary.MaxVarintLen64]byte
	ix := &Index{path: path, base: int64(len(indexMagic) + binary.PutUvarint(lenBuf[:], hlen) + int(hlen))}
	r := bytes.NewReader(header)
	n, err := binary.ReadUvarint(r)
	if err != nil || n > hlen {
		return nil, fmt.Errorf("%s: corrupt index header", path)
	}
	var blobsSize int64 = -1
	if info, err := f.Stat(); err == nil {
		blobsSize = info.Size() - ix.base
	}
	ix.modules = make(map[string]entry, min(n, hlen/5)) // an entry takes at least 5 bytes
	corrupt := fmt.Errorf("%s: corrupt index header", path)
	for i := uint64(0); i < n; i++ {
		name, ok1 := readString(r)
		off, err1 := binary.ReadUvarint(r)
		size, err2 := binary.ReadUvarint(r)
		always, err3 := binary.ReadUvarint(r)
		if !ok1 || err1 != nil || err2 != nil || err3 != nil || always > 1 {
			return nil, corrupt
		}
		if blobsSize >= 0 && (off > uint64(blobsSize) || size > uint64(blobsSize)-off) {
			return nil, fmt.Errorf("%s: corrupt index header: the cards of %s lie past the end of the file", path, name)
		}
		// The ranges stay encoded; skip over them.
		start := len(header) - r.Len()
		nr, err := binary.ReadUvarint(r)
		if err != nil || nr > uint64(r.Len()) {
			return nil, corrupt
		}
		for j := uint64(0); j < 2*nr; j++ {
			l, err := binary.ReadUvarint(r)
			if err != nil || l > uint64(r.Len()) {
				return nil, corrupt
			}
			r.Seek(int64(l), io.SeekCurrent)
		}
		ix.modules[name] = entry{
			off: int64(off), size: int64(size), always: always == 1,
			summary: header[start : len(header)-r.Len() : len(header)-r.Len()],
		}
	}
	return ix, nil
}

func readString(r *bytes.Reader) (string, bool) {
	l, err := binary.ReadUvarint(r)
	if err != nil || l > uint64(r.Len()) {
		return "", false
	}
	b := make([]byte, l)
	io.ReadFull(r, b)
	return string(b), true
}

// MayAffect implements rules.RangeSummary from the header alone: false
// when no card of mod can apply at version.
func (ix *Index) MayAffect(mod, version string) bool {
	e, ok := ix.modules[mod]
	if !ok {
		return false
	}
	if e.always || !versions.Known(version) {
		return true
	}
	r := bytes.NewReader(e.summary)
	n, _ := binary.ReadUvarint(r)
	ranges := make([]versions.Range, 0, n)
	for i := uint64(0); i < n; i++ {
		in, _ := readString(r)
		fix, _ := readString(r)
		ranges = append(ranges, versions.Range{Introduced: in, Fixed: fix})
	}
	return versions.Check(ranges, version) == versions.Affected
}

// HasModule implements rules.Source.
func (ix *Index) HasModule(mod string) bool {
	_, ok := ix.modules[mod]
	return ok
}

// Modules implements rules.Source.
func (ix *Index) Modules() []string {
	mods := make([]string, 0, len(ix.modules))
	for m := range ix.modules {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	return mods
}

// Cards implements rules.Source: it reads and decodes one module's cards.
func (ix *Index) Cards(mod string) ([]*rules.Card, error) {
	loc, ok := ix.modules[mod]
	if !ok {
		return nil, nil
	}
	f, err := os.Open(ix.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, loc.size)
	if _, err := f.ReadAt(data, ix.base+loc.off); err != nil {
		return nil, fmt.Errorf("%s: reading the cards of %s: %v", ix.path, mod, err)
	}
	var cards []*rules.Card
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&cards); err != nil {
		return nil, fmt.Errorf("%s: decoding the cards of %s: %v", ix.path, mod, err)
	}
	return cards, nil
}

// Open returns a source for path: a compiled index file, or a database
// directory. A directory is compiled once into the user's cache, keyed by
// its path and its modification time (adding or removing a record changes
// it; to pick up a record edited in place, touch the directory or run
// fixlint osv compile). The errors are the records that could not be read
// when the cache was built; they are reported by every process that builds
// it, and the valid records are in the index.
func Open(path string) (*Index, []error, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.IsDir() {
		ix, err := OpenIndex(path)
		return ix, nil, err
	}
	cached, err := cachePath(path, info)
	if err != nil {
		return nil, nil, err
	}
	if ix, err := OpenIndex(cached); err == nil {
		return ix, nil, nil
	}
	cards, errs := LoadDir(path)
	if len(cards) == 0 && len(errs) > 0 {
		return nil, errs, fmt.Errorf("%s: no readable OSV records", path)
	}
	if err := writeAtomic(cached, cards); err != nil {
		return nil, errs, err
	}
	ix, err := OpenIndex(cached)
	return ix, errs, err
}

func cachePath(dir string, info os.FileInfo) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", errors.New("no cache directory to compile the OSV database into; run fixlint osv compile and pass the index file")
	}
	stamp := info.ModTime().UTC().Format("20060102T150405.000000000")
	if db, err := os.Stat(filepath.Join(dir, "index", "db.json")); err == nil {
		stamp += db.ModTime().UTC().Format("20060102T150405.000000000")
	}
	h := sha256.Sum256([]byte(indexMagic + abs + "\x00" + stamp))
	return filepath.Join(cache, "fixlint", "osv", hex.EncodeToString(h[:12])+".idx"), nil
}

// CompileDir reads the records of database dir and writes their index to
// file, atomically (fixlint osv compile). It returns the number of cards,
// and the records that could not be read, which are left out; err is set
// when no index was written.
func CompileDir(dir, file string) (cards int, bad []error, err error) {
	cs, bad := LoadDir(dir)
	if len(cs) == 0 {
		return 0, bad, fmt.Errorf("%s: no usable OSV records", dir)
	}
	if err := writeAtomic(file, cs); err != nil {
		return 0, bad, err
	}
	return len(cs), bad, nil
}

func writeAtomic(path string, cards []*rules.Card) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".idx-*")
	if err != nil {
		return err
	}
	if err := Compile(tmp, cards); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// String names the index for messages.
func (ix *Index) String() string { return strings.TrimSpace(ix.path) }
