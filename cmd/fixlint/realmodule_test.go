package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealModule runs fixlint on a module that uses the real resty source,
// from the Go module proxy: at v2.16.3 the SetAuthScheme("") call and the
// import are reported and the idiomatic calls are not; at v2.16.5 nothing
// is. It needs the module proxy, so it is skipped in -short mode.
func TestRealModule(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the Go module proxy")
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOWORK=off")
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"v2.16.3", []string{
			"go.mod:5:9: github.com/go-resty/resty/v2 v2.16.3 is affected by FIX-0002",
			"main.go:5:2: github.com/go-resty/resty/v2 v2.16.3 is affected by FIX-0002",
			`main.go:10:18: SetAuthScheme("") does not remove the scheme; requests still send`,
		}},
		{"v2.16.5", nil},
	} {
		t.Run(tc.version, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/real\n\ngo 1.22\n\nrequire github.com/go-resty/resty/v2 "+tc.version+"\n"), 0o666)
			os.WriteFile(filepath.Join(dir, "main.go"), []byte(`package main

import (
	"os"
	"github.com/go-resty/resty/v2"
)

func main() {
	c := resty.New().SetAuthToken(os.Getenv("TOKEN"))
	c.SetAuthScheme("") // the API wants a bare token
	// Idiomatic use: a scheme, a per-request token, a hook.
	c.SetAuthScheme("Token")
	c.R().SetAuthToken(os.Getenv("OTHER")).Get("https://example.com")
	c.OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error { r.SetAuthToken("t"); return nil })
}
`), 0o666)
			if r := runIn(t, dir, env, "go", "mod", "tidy"); r.code != 0 {
				t.Fatalf("go mod tidy (needs the module proxy): %s", r.stderr)
			}
			r := runIn(t, dir, env, fixlintBin, "./...")
			got := strings.TrimSpace(r.stdout)
			var lines []string
			if got != "" {
				lines = strings.Split(got, "\n")
			}
			if len(lines) != len(tc.want) {
				t.Fatalf("%d findings, want %d (exit %d):\n%s%s", len(lines), len(tc.want), r.code, r.stdout, r.stderr)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("finding %d:\n got %s\nwant %s…", i, lines[i], w)
				}
			}
		})
	}
}
