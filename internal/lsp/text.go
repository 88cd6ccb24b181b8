package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// uriToPath turns a file: URI into a clean absolute path.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file: URI", uri)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("%s: remote file URIs are not supported", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/x
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s: not an absolute path", uri)
	}
	return filepath.Clean(p), nil
}

// pathToURI turns an absolute path into a file: URI.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// within reports whether path is dir or inside it; both are clean.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// lines indexes a file's text for position conversions between go/token's
// 1-based byte columns, byte offsets, and LSP's 0-based UTF-16 positions.
type lines struct {
	text   []byte
	starts []int // offset of each line's first byte
}

func newLines(text []byte) *lines {
	l := &lines{text: text, starts: []int{0}}
	for i, b := range text {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// line returns the text of 0-based line i, without its line ending.
func (l *lines) line(i int) []byte {
	if i < 0 || i >= len(l.starts) {
		return nil
	}
	end := len(l.text)
	if i+1 < len(l.starts) {
		end = l.starts[i+1] - 1
	}
	s := l.text[l.starts[i]:end]
	if n := len(s); n > 0 && s[n-1] == '\r' {
		s = s[:n-1]
	}
	return s
}

// fromLineCol converts a 1-based line and 1-based byte column to an LSP
// position, clamped to the text.
func (l *lines) fromLineCol(line, col int) Position {
	if line < 1 {
		return Position{}
	}
	if line > len(l.starts) {
		last := len(l.starts) - 1
		return Position{Line: last, Character: utf16Len(l.line(last))}
	}
	text := l.line(line - 1)
	b := runeStart(text, min(max(col-1, 0), len(text)))
	return Position{Line: line - 1, Character: utf16Len(text[:b])}
}

// fromOffset converts a byte offset to an LSP position.
func (l *lines) fromOffset(off int) Position {
	off = min(max(off, 0), len(l.text))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	text := l.line(i)
	b := runeStart(text, min(off-l.starts[i], len(text)))
	return Position{Line: i, Character: utf16Len(text[:b])}
}

// offset converts an LSP position to a byte offset, clamped to the text.
func (l *lines) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(l.starts) {
		return len(l.text)
	}
	text := l.line(p.Line)
	units, b := 0, 0
	for b < len(text) && units < p.Character {
		r, size := utf8.DecodeRune(text[b:])
		units += utf16Units(r)
		b += size
	}
	return l.starts[p.Line] + b
}

// runeStart moves a byte index in the middle of a valid rune back to the
// rune's first byte.
func runeStart(text []byte, b int) int {
	if b <= 0 || b >= len(text) || utf8.RuneStart(text[b]) {
		return b
	}
	for i := b - 1; i >= 0 && i > b-utf8.UTFMax; i-- {
		if utf8.RuneStart(text[i]) {
			if r, size := utf8.DecodeRune(text[i:]); (r != utf8.RuneError || size > 1) && i+size > b {
				return i
			}
			return b
		}
	}
	return b
}

// utf16Len counts the UTF-16 code units of s; invalid bytes count one unit
// each, as editors decoding them see U+FFFD.
func utf16Len(s []byte) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		n += utf16Units(r)
		s = s[size:]
	}
	return n
}

func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
