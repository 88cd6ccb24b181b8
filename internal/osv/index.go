package osv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fixlint/fixlint/internal/fileio"
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
// A flipped bit must not hide a vulnerability or change what a finding
// says, so the header and every blob carry a checksum (CRC-32C, which the
// hardware computes at several GB/s: see the benchmarks), checked when they
// are read; the blobs fill the file up to its end, so a truncated file is
// found when the header is read. The checksums are against accidents (a
// bad disk, a partial copy), not against someone who can write the file.
// The header also lists the records that could not be read when the index
// was compiled: every process that uses the index reports them, not only
// the one that compiled it.
//
//	magic "fixlint-osv-index v5\n"
//	uvarint headerLen
//	uint32 header checksum (little-endian)
//	header: uvarint n, n × entry, uvarint nskipped, nskipped × string
//	entry: string path, uvarint size, uint32 blob checksum, uvarint always, uvarint nranges, nranges × (string introduced, string fixed)
//	string: uvarint len, bytes
//	blobs, in the order of the entries, back to back up to the end of the file
//
// always is 1 when some card of the module applies at any version (a
// pitfall).
//
// The magic names the format, the blobs' included: change its version
// whenever rules.Card's fields change, or indexes cached by an older build
// would be read without the new fields.
const indexMagic = indexMagicPrefix + indexVersion + "\n"

const indexVersion = "5"

// IndexFileName is the name fixlint osv update gives the index it compiles
// in each copy of the database. It names the format, so that a fixlint that
// reads another format compiles its own beside it rather than failing on
// the old one.
const IndexFileName = "fixlint-v" + indexVersion + ".idx"

// indexMagicPrefix is the magic of every format version, to tell an index
// of another fixlint version from a file that is no index at all.
const indexMagicPrefix = "fixlint-osv-index v"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// Compile builds an index from cards and writes it to w.
func Compile(w io.Writer, cards []*rules.Card) error {
	data, err := encodeIndex(cards, nil)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// encodeIndex returns the index of cards; skipped are the records that
// could not be read, for the header.
func encodeIndex(cards []*rules.Card, skipped []error) ([]byte, error) {
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
		start := blobs.Len()
		if err := gob.NewEncoder(&blobs).Encode(byMod[m]); err != nil {
			return nil, err
		}
		blob := blobs.Bytes()[start:]
		header = appendString(header, m)
		header = binary.AppendUvarint(header, uint64(len(blob)))
		header = binary.LittleEndian.AppendUint32(header, checksum(blob))
		always, union := summarize(byMod[m])
		header = binary.AppendUvarint(header, always)
		header = binary.AppendUvarint(header, uint64(len(union)))
		for _, r := range union {
			header = appendString(header, r.Introduced)
			header = appendString(header, r.Fixed)
		}
	}
	header = binary.AppendUvarint(header, uint64(len(skipped)))
	for _, e := range skipped {
		header = appendString(header, e.Error())
	}
	out := make([]byte, 0, len(indexMagic)+binary.MaxVarintLen64+4+len(header)+blobs.Len())
	out = append(out, indexMagic...)
	out = binary.AppendUvarint(out, uint64(len(header)))
	out = binary.LittleEndian.AppendUint32(out, checksum(header))
	out = append(out, header...)
	return append(out, blobs.Bytes()...), nil
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
		if c.EveryVersion() {
			always = 1
		}
		all = append(all, c.Affected...)
	}
	return always, versions.Union(all)
}

// Index is an opened index; it implements rules.Source and
// rules.RangeSummary.
type Index struct {
	path string
	// source is the database directory a cached index was compiled from
	// (see Open): when the index turns out corrupt, it is compiled again
	// from there. "" for an index given as a file.
	source string
	hdr    atomic.Pointer[header]
	// rebuilding serializes rebuilds of a cached index.
	rebuilding sync.Mutex
}

// header is what an index's header says.
type header struct {
	sum     uint32 // its checksum: a different one means the file was replaced
	base    int64  // offset of the first blob
	modules map[string]entry
	skipped []string // records left out when compiled
}

type entry struct {
	off, size int64
	sum       uint32
	always    bool
	summary   []byte // the union of ranges, decoded when asked for
}

// OpenIndex opens a compiled index and reads its header.
func OpenIndex(path string) (*Index, error) {
	f, err := fileio.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	// The file is closed again at once: a long-lived process (the
	// language server) opens an index for every check, and Cards reopens
	// the file for the few modules it needs.
	defer f.Close()
	h, err := readHeader(path, f)
	if err != nil {
		return nil, err
	}
	ix := &Index{path: path}
	ix.hdr.Store(h)
	return ix, nil
}

// prefixSize is the most the magic, the header's length and its checksum
// take.
const prefixSize = len(indexMagic) + binary.MaxVarintLen64 + 4

// readPrefix reads the magic, the header's length and its checksum.
func readPrefix(path string, br *bufio.Reader) (hlen uint64, sum uint32, err error) {
	magic := make([]byte, len(indexMagic))
	n, _ := io.ReadFull(br, magic)
	if string(magic) != indexMagic {
		if version, ok := strings.CutPrefix(string(magic[:n]), indexMagicPrefix); ok {
			version, _, _ = strings.Cut(version, "\n")
			return 0, 0, fmt.Errorf("%s: an index of another fixlint version (format v%s, this one reads v%s); recompile it with fixlint osv compile",
				path, version, indexVersion)
		}
		return 0, 0, fmt.Errorf("%s: not a fixlint OSV index (compile one with fixlint osv compile)", path)
	}
	hlen, err = binary.ReadUvarint(br)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: corrupt index header (its length)", path)
	}
	var b [4]byte
	if _, err := io.ReadFull(br, b[:]); err != nil {
		return 0, 0, fmt.Errorf("%s: corrupt index header (cut short)", path)
	}
	return hlen, binary.LittleEndian.Uint32(b[:]), nil
}

// readHeader reads and checks the header of the index in f, and checks
// that the blobs it lists fill the rest of the file.
func readHeader(path string, f *os.File) (*header, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	hlen, sum, err := readPrefix(path, br)
	if err != nil {
		return nil, err
	}
	if hlen > uint64(info.Size()) {
		return nil, fmt.Errorf("%s: corrupt index header (the file is shorter than its header)", path)
	}
	base := int64(len(indexMagic)+uvarintLen(hlen)+4) + int64(hlen)
	if base > info.Size() {
		return nil, fmt.Errorf("%s: corrupt index header (the file is shorter than its header)", path)
	}
	raw := make([]byte, hlen)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("%s: corrupt index header: %v", path, err)
	}
	if checksum(raw) != sum {
		return nil, fmt.Errorf("%s: corrupt index header (checksum mismatch)", path)
	}
	h, err := parseHeader(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: corrupt index header: %v", path, err)
	}
	h.sum, h.base = sum, base
	var end int64
	for _, e := range h.modules {
		end = max(end, e.off+e.size)
	}
	if blobs := info.Size() - base; end != blobs {
		return nil, fmt.Errorf("%s: corrupt index (truncated or extended: its header lists %d bytes of cards, the file holds %d)", path, end, blobs)
	}
	return h, nil
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// parseHeader decodes a header whose checksum matched, so an error here is
// an index written wrong rather than damaged.
func parseHeader(raw []byte) (*header, error) {
	r := bytes.NewReader(raw)
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(raw)) {
		return nil, fmt.Errorf("bad module count")
	}
	h := &header{modules: make(map[string]entry, n)}
	var off int64
	for i := uint64(0); i < n; i++ {
		name, ok1 := readString(r)
		size, err1 := binary.ReadUvarint(r)
		if r.Len() < 4 {
			return nil, fmt.Errorf("bad entry %d", i)
		}
		sum := binary.LittleEndian.Uint32(raw[len(raw)-r.Len():])
		r.Seek(4, io.SeekCurrent)
		always, err3 := binary.ReadUvarint(r)
		if !ok1 || err1 != nil || err3 != nil || always > 1 || size > 1<<40 {
			return nil, fmt.Errorf("bad entry %d", i)
		}
		// The ranges stay encoded; skip over them.
		start := len(raw) - r.Len()
		nr, err := binary.ReadUvarint(r)
		if err != nil || nr > uint64(r.Len()) {
			return nil, fmt.Errorf("bad ranges of %s", name)
		}
		for j := uint64(0); j < 2*nr; j++ {
			if !skipString(r) {
				return nil, fmt.Errorf("bad ranges of %s", name)
			}
		}
		end := len(raw) - r.Len()
		h.modules[name] = entry{
			off: off, size: int64(size), sum: sum, always: always == 1,
			summary: raw[start:end:end],
		}
		off += int64(size)
	}
	ns, err := binary.ReadUvarint(r)
	if err != nil || ns > uint64(r.Len()) {
		return nil, fmt.Errorf("bad list of skipped records")
	}
	for i := uint64(0); i < ns; i++ {
		s, ok := readString(r)
		if !ok {
			return nil, fmt.Errorf("bad list of skipped records")
		}
		h.skipped = append(h.skipped, s)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%d bytes past its end", r.Len())
	}
	return h, nil
}

// skipString skips a string without allocating it: opening an index skips
// thousands of range bounds.
func skipString(r *bytes.Reader) bool {
	l, err := binary.ReadUvarint(r)
	if err != nil || l > uint64(r.Len()) {
		return false
	}
	r.Seek(int64(l), io.SeekCurrent)
	return true
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

// Skipped returns the records that could not be read when the index was
// compiled, as the errors met then: they are not in the index.
func (ix *Index) Skipped() []error {
	var errs []error
	for _, s := range ix.hdr.Load().skipped {
		errs = append(errs, skippedRecord(s))
	}
	return errs
}

// skippedRecord is the error met reading a record when an index was
// compiled, as its header keeps it.
type skippedRecord string

func (s skippedRecord) Error() string { return string(s) }

// MayAffect implements rules.RangeSummary from the header alone: false
// when no card of mod can apply at version.
func (ix *Index) MayAffect(mod, version string) bool {
	e, ok := ix.hdr.Load().modules[mod]
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
	_, ok := ix.hdr.Load().modules[mod]
	return ok
}

// Modules implements rules.Source.
func (ix *Index) Modules() []string {
	h := ix.hdr.Load()
	mods := make([]string, 0, len(h.modules))
	for m := range h.modules {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	return mods
}

// Cards implements rules.Source: it reads, checks and decodes one module's
// cards. When they are corrupt, a cached index is compiled again from its
// database directory: the cards then come from the new index, with an
// error that says what happened. An index given as a file is the user's
// to recompile: its corrupt cards are an error.
func (ix *Index) Cards(mod string) ([]*rules.Card, error) {
	cards, err := ix.readCards(mod)
	if err == nil || ix.source == "" {
		return cards, err
	}
	if rerr := ix.rebuild(); rerr != nil {
		return nil, fmt.Errorf("%v; rebuilding the index from %s: %v", err, ix.source, rerr)
	}
	cards, err2 := ix.readCards(mod)
	if err2 != nil {
		return nil, err2
	}
	return cards, fmt.Errorf("%v; rebuilt the index from %s", err, ix.source)
}

func (ix *Index) readCards(mod string) ([]*rules.Card, error) {
	f, err := fileio.OpenRegular(ix.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := ix.hdr.Load()
	if replaced(f, h.sum) {
		// Another process compiled the index again since its header was
		// read (a cached index rebuilt, or fixlint osv compile run
		// again): the offsets are the new header's.
		if h, err = readHeader(ix.path, f); err != nil {
			return nil, err
		}
		ix.hdr.Store(h)
	}
	e, ok := h.modules[mod]
	if !ok {
		return nil, nil
	}
	data := make([]byte, e.size)
	if _, err := f.ReadAt(data, h.base+e.off); err != nil {
		return nil, fmt.Errorf("%s: reading the cards of %s: %v", ix.path, mod, err)
	}
	if checksum(data) != e.sum {
		return nil, fmt.Errorf("%s: the cards of %s are corrupt (checksum mismatch)", ix.path, mod)
	}
	var cards []*rules.Card
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&cards); err != nil {
		return nil, fmt.Errorf("%s: decoding the cards of %s: %v", ix.path, mod, err)
	}
	return cards, nil
}

// replaced reports whether the index in f has another header than the
// one with checksum sum (or none that can be read).
func replaced(f *os.File, sum uint32) bool {
	br := bufio.NewReaderSize(io.NewSectionReader(f, 0, int64(prefixSize)), prefixSize)
	_, got, err := readPrefix("", br)
	return err != nil || got != sum
}

// ContentID identifies what the index holds: a hash of its header, which
// has the checksum of every module's cards. Drivers that cache results by
// the analyzer's name rather than by the database's content (golangci-lint)
// put it into the name, so that a database updated in place under the same
// path does not replay old results.
func (ix *Index) ContentID() (string, error) {
	f, err := fileio.OpenRegular(ix.path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	hlen, _, err := readPrefix(ix.path, br)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.CopyN(h, br, int64(hlen)); err != nil {
		return "", fmt.Errorf("%s: corrupt index header: %v", ix.path, err)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// String names the index for messages.
func (ix *Index) String() string { return strings.TrimSpace(ix.path) }
