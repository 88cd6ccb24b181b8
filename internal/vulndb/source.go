package vulndb

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/fixlint/fixlint/internal/fileio"
)

// A source serves the files of a database by endpoint, as x/vuln's client
// names them: "index/db", "index/vulns", "index/modules", "ID/GO-2024-0001".
type source interface {
	// get returns the endpoint's JSON, uncompressed, or an error when it
	// is larger than limit bytes.
	get(ctx context.Context, endpoint string, limit int64) ([]byte, error)
	// where names the endpoint in messages: its URL or file.
	where(endpoint string) string
}

// location is what fixlint osv update was asked to read.
type location struct {
	url  string   // as given, normalized: no trailing slash
	u    *url.URL // parsed
	zip  bool     // a database zip (vulndb.zip), not a served layout
	file string   // for file: URLs, the local path
}

// parseLocation checks the URL of fixlint osv update: http, https or file,
// a served database or a zip of one (a path ending in .zip).
func parseLocation(raw string) (location, error) {
	if raw == "" {
		raw = DefaultURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return location{}, fmt.Errorf("%q: %v", raw, err)
	}
	loc := location{u: u, zip: strings.HasSuffix(strings.ToLower(u.Path), ".zip")}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return location{}, fmt.Errorf("%s: no host", raw)
		}
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return location{}, fmt.Errorf("%s: a file URL names a local path (file:///path)", raw)
		}
		loc.file = filepath.FromSlash(u.Path)
		if !filepath.IsAbs(loc.file) {
			return location{}, fmt.Errorf("%s: want an absolute path (file:///path)", raw)
		}
	default:
		return location{}, fmt.Errorf("%s: want an http, https or file URL (such as %s, or file:///path/to/vulndb.zip)", raw, DefaultURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return location{}, fmt.Errorf("%s: a database URL has no query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	loc.url = u.String()
	return loc, nil
}

// dirSource reads a database directory in the served layout, as
// govulncheck's -db file:// does: endpoint + ".json".
type dirSource struct{ dir string }

func (s dirSource) where(endpoint string) string {
	return filepath.Join(s.dir, filepath.FromSlash(endpoint)+".json")
}

func (s dirSource) get(_ context.Context, endpoint string, limit int64) ([]byte, error) {
	return fileio.ReadRegular(s.where(endpoint), limit)
}
