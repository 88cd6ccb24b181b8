// Package published reads what module authors publish about their own
// modules in the go.mod of their latest version: retracted versions
// (retract directives, with the author's rationale) and deprecated modules
// (a "// Deprecated:" comment on the module line), as the go command and
// gopls read them.
//
// The go.mod files come from the module cache, which keeps the go.mod of
// every module version the go command has fetched (go get, go list -m -u,
// go mod download): no network. The answer is only as fresh as the cache:
// a retraction published after the newest version the cache holds is not
// known, and each Notice names the version whose go.mod it was read from.
// FetchLatest asks the go command to bring the latest go.mod of some
// modules into the cache first, which uses the network.
package published

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/versions"
)

// Notice is what a module's authors say about it in the go.mod of its
// newest version that the module cache holds.
type Notice struct {
	Module string
	// From is the version whose go.mod was read.
	From string
	// Retractions are the module's retract directives.
	Retractions []Retraction
	// Deprecated is the author's deprecation message ("" if the module is
	// not deprecated), without the "Deprecated:" prefix.
	Deprecated string
	// known are the versions the cache holds (pseudo-versions left out),
	// the candidates for an upgrade.
	known []string
}

// Retraction is one retract directive: the closed interval [Low, High]
// (Low == High for one version) and the author's rationale, the comment
// on the directive ("" when there is none).
type Retraction struct {
	Low, High string
	Rationale string
}

// Retracted returns the retraction that covers version v, or nil.
func (n *Notice) Retracted(v string) *Retraction {
	if n == nil {
		return nil
	}
	for i := range n.Retractions {
		r := &n.Retractions[i]
		if versions.InClosed(r.Low, r.High, v) {
			return r
		}
	}
	return nil
}

// Recommended returns the version to move to from a retracted one: the
// latest version the cache holds that no retraction covers and that
// acceptable accepts (the caller's own cards, so that no upgrade is
// advised to a version with a known problem); "" if there is none. It may
// be lower than the version in use, when the retracted one is the highest.
func (n *Notice) Recommended(acceptable func(v string) bool) string {
	var ok []string
	for _, v := range n.known {
		if n.Retracted(v) == nil && (acceptable == nil || acceptable(v)) {
			ok = append(ok, v)
		}
	}
	return versions.Latest(ok)
}

// Cache reads notices from a module cache.
type Cache struct {
	// Dir is the module cache (go env GOMODCACHE).
	Dir string
}

// Limits on what the cache may hold: a list of every version of a module
// and one go.mod. Kubernetes' go.mod is under 20 KiB; a list of 10,000
// versions is under 200 KiB.
const (
	maxList  = 1 << 20
	maxGoMod = 4 << 20
)

// Lookup returns the notice about module mod, or nil when the cache holds
// no go.mod of it or its newest go.mod says nothing (no retraction, no
// deprecation). An error names the file that could not be read.
func (c Cache) Lookup(mod string) (*Notice, error) {
	if c.Dir == "" {
		return nil, nil
	}
	escaped, err := module.EscapePath(mod)
	if err != nil {
		return nil, nil // not a module path the cache can hold
	}
	dir := filepath.Join(c.Dir, "cache", "download", filepath.FromSlash(escaped), "@v")
	// The go command rewrites list after each go.mod it downloads: it
	// names the versions whose go.mod the cache holds.
	data, err := fileio.ReadRegular(filepath.Join(dir, "list"), maxList)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var known []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && versions.Known(f[0]) && !module.IsPseudoVersion(f[0]) {
			known = append(known, f[0])
		}
	}
	latest := versions.Latest(known)
	if latest == "" {
		return nil, nil
	}
	ev, err := module.EscapeVersion(latest)
	if err != nil {
		return nil, nil
	}
	file := filepath.Join(dir, ev+".mod")
	data, err = fileio.ReadRegular(file, maxGoMod)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // listed but removed (go clean -modcache half done)
	}
	if err != nil {
		return nil, err
	}
	return parse(mod, latest, file, data, known)
}

// parse reads the notice of module mod from the go.mod of its version
// latest.
func parse(mod, latest, file string, data []byte, known []string) (*Notice, error) {
	f, err := modfile.ParseLax(file, data, nil)
	if err != nil {
		return nil, err // names file:line
	}
	if f.Module == nil || f.Module.Mod.Path != mod {
		// The go command ignores the retractions of a go.mod that names
		// another module (a fork's, a moved module's): so do we.
		return nil, nil
	}
	n := &Notice{Module: mod, From: latest, Deprecated: f.Module.Deprecated, known: known}
	for _, r := range f.Retract {
		n.Retractions = append(n.Retractions, Retraction{Low: r.Low, High: r.High, Rationale: r.Rationale})
	}
	if len(n.Retractions) == 0 && n.Deprecated == "" {
		return nil, nil
	}
	return n, nil
}

// Where says where a notice was read, for messages.
func (n *Notice) Where() string {
	return fmt.Sprintf("per the go.mod of %s@%s in the module cache", n.Module, n.From)
}
