package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/report"
)

// What GitHub code scanning needs to place a result in the repository and
// to follow it from one commit to the next: URIs relative to the
// repository root, fingerprints that do not change when lines move, and a
// category per analysed module.

// srcRoot is the uriBaseId of every artifact location under the root.
const srcRoot = "%SRCROOT%"

// fingerprintKey names fixlint's partial fingerprint; its version changes
// if what it hashes ever changes, so that old and new are not compared.
const fingerprintKey = "fixlint/v1"

// maxFingerprintSource is the largest file read to fingerprint a result:
// the analyzer has read it already, so this only guards against a file
// grown since.
const maxFingerprintSource = 64 << 20

// repositoryRoot is the directory SARIF URIs are relative to: the
// nearest directory at or above the module root holding .git (a directory,
// or a file in a worktree or submodule), else the module root. In a
// workspace the module root is the main modules' common parent; when the
// build list could not be loaded, the nearest go.mod or go.work above dir.
func repositoryRoot(mainDirs []string, dir string) string {
	top := commonDir(mainDirs)
	if top == "" {
		if top = nearest(dir, "go.mod", "go.work"); top == "" {
			top = dir
		}
	}
	if repo := nearest(top, ".git"); repo != "" {
		return repo
	}
	return top
}

// commonDir is the deepest directory holding every one of dirs, or "".
func commonDir(dirs []string) string {
	var common string
	for i, d := range dirs {
		d = filepath.Clean(d)
		if i == 0 {
			common = d
			continue
		}
		for !within(common, d) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// artifactLocation is file's SARIF location: a URI relative to root with
// the %SRCROOT% base, or, for a file outside root, an absolute file URI.
func artifactLocation(root, file string) sarifArtifact {
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	if root != "" && within(root, file) {
		rel, _ := filepath.Rel(root, file)
		return sarifArtifact{URI: escapeURIPath(filepath.ToSlash(rel)), URIBaseID: srcRoot}
	}
	return sarifArtifact{URI: fileURI(file)}
}

// fileURI is the file:// URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows is file:///C:/x
	}
	// A ':' needs no escape in an absolute path (only in the first
	// segment of a relative one), and a drive letter keeps it.
	return "file://" + strings.ReplaceAll(escapeURIPath(p), "%3A", ":")
}

// rootURI is what %SRCROOT% stands for: root's file URI, ending in '/'.
func rootURI(root string) string {
	u := fileURI(root)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// escapeURIPath percent-encodes a slash-separated path for a URI
// reference: every byte but RFC 3986's unreserved characters and '/' (a
// space, '#', '?', '%', ':' and non-ASCII bytes would otherwise change
// what the URI means or make it invalid).
func escapeURIPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// automationID is the run's runAutomationDetails.id. GitHub takes the
// category of an analysis from the id up to its last '/', and replaces
// the alerts of an earlier upload of the same category and tool: the id
// ends in '/' (the whole id is the category, no run part), and names the
// main modules (and the patterns, when not ./..., and -scan module), so
// that two modules of one repository, or two parts of one module, keep
// their own alerts.
func automationID(mainDirs []string, root string, patterns []string, scan string) string {
	var mods []string
	for _, d := range mainDirs {
		mods = append(mods, modulePath(d, root))
	}
	id := "fixlint/"
	if len(mods) > 0 {
		id += strings.Join(mods, ",") + "/"
	}
	switch {
	case scan == "module":
		// -scan module ignores the patterns.
		id += "scan=module/"
	case len(mods) == 0 || !slices.Equal(patterns, []string{"./..."}):
		id += strings.Join(patterns, ",") + "/"
	}
	return id
}

// modulePath is the module path in dir's go.mod, or, when it cannot be
// read, dir relative to root (which still tells modules apart).
func modulePath(dir, root string) string {
	file := filepath.Join(dir, "go.mod")
	if data, err := fileio.ReadRegular(file, maxFingerprintSource); err == nil {
		if p := modfile.ModulePath(data); p != "" {
			return p
		}
	}
	if rel, err := filepath.Rel(root, dir); err == nil && within(root, dir) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(dir)
}

// sourceLines reads files once each for fingerprinting.
type sourceLines map[string][][]byte

// line is the text of line n of file, trimmed, or "" when the file cannot
// be read (the fingerprint then rests on the card, module and file).
func (s sourceLines) line(file string, n int) string {
	lines, ok := s[file]
	if !ok {
		data, err := fileio.ReadRegular(file, maxFingerprintSource)
		if err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		s[file] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(string(lines[n-1]))
}

// fingerprintText is the code a result points at, without its line
// number: for go.mod the required module's path (so that an upgrade to
// another affected version is the same alert), else the trimmed line.
func (s sourceLines) fingerprintText(f report.Finding) string {
	if filepath.Base(f.Position.File) == "go.mod" && f.Module != "" {
		return f.Module
	}
	return s.line(f.Position.File, f.Position.Line)
}

// fingerprintHash hashes what identifies a result apart from where its
// line is: the card, the module, the file's URI and the code's text.
func fingerprintHash(card, module, uri, text string) string {
	h := sha256.New()
	for _, part := range []string{card, module, uri, text} {
		fmt.Fprintf(h, "%d:%s\x00", len(part), part)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// numberOccurrences appends ":n" to each result's fingerprint: n counts
// the results with the same hash in line order, from 1, as GitHub's own
// primaryLocationLineHash does, so that two findings of one card on
// identical lines of a file stay two alerts.
func numberOccurrences(results []sarifResult) {
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	region := func(i int) sarifRegion { return results[i].Locations[0].PhysicalLocation.Region }
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := region(a), region(b)
		if ra.StartLine != rb.StartLine {
			return ra.StartLine - rb.StartLine
		}
		return ra.StartColumn - rb.StartColumn
	})
	seen := make(map[string]int)
	for _, i := range order {
		fp := results[i].PartialFingerprints
		h, ok := fp[fingerprintKey]
		if !ok {
			continue
		}
		seen[h]++
		fp[fingerprintKey] = fmt.Sprintf("%s:%d", h, seen[h])
	}
}
