package published

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// writeCache puts a module's version list and go.mod files into a fake
// module cache laid out as the go command lays it out.
func writeCache(t testing.TB, cache, escapedMod string, list []string, mods map[string]string) {
	t.Helper()
	dir := filepath.Join(cache, "cache", "download", filepath.FromSlash(escapedMod), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "list"), []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for v, text := range mods {
		if err := os.WriteFile(filepath.Join(dir, v+".mod"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const retracting = `// Deprecated: use example.com/new instead.
module example.com/old

go 1.21

retract (
	v1.0.1 // Published with a broken build.
	// Leaks credentials
	// in logs.
	[v1.1.0, v1.1.2]
)
`

func TestLookup(t *testing.T) {
	cache := t.TempDir()
	writeCache(t, cache, "example.com/old",
		[]string{"v1.0.0", "v1.0.1", "v1.1.0", "v1.1.2", "v1.2.0", "v1.3.0-rc.1", "v1.9.0-0.20240101000000-abcdefabcdef"},
		map[string]string{"v1.2.0": retracting, "v1.0.0": "module example.com/old\n"})
	n, err := Cache{Dir: cache}.Lookup("example.com/old")
	if err != nil || n == nil {
		t.Fatalf("Lookup = %v, %v; want a notice", n, err)
	}
	// The newest release is read: not the pre-release, not the pseudo-version.
	if n.From != "v1.2.0" {
		t.Errorf("From = %s, want v1.2.0", n.From)
	}
	if n.Deprecated != "use example.com/new instead." {
		t.Errorf("Deprecated = %q", n.Deprecated)
	}
	for v, want := range map[string]string{
		"v1.0.0": "", "v1.0.1": "Published with a broken build.", "v1.1.0": "Leaks credentials\nin logs.",
		"v1.1.1": "Leaks credentials\nin logs.", "v1.1.2": "Leaks credentials\nin logs.", "v1.1.3": "", "v1.2.0": "",
		"v1.1.1-0.20230101000000-abcdefabcdef": "Leaks credentials\nin logs.", "(devel)": "",
	} {
		r := n.Retracted(v)
		switch {
		case want == "" && r != nil:
			t.Errorf("Retracted(%s) = %+v, want nil", v, r)
		case want != "" && (r == nil || r.Rationale != want):
			t.Errorf("Retracted(%s) = %+v, want rationale %q", v, r, want)
		}
	}
	if got := n.Recommended(nil); got != "v1.2.0" {
		t.Errorf("Recommended = %s, want v1.2.0", got)
	}
	// A version with a known problem is never advised.
	if got := n.Recommended(func(v string) bool { return v != "v1.2.0" }); got != "v1.0.0" {
		t.Errorf("Recommended without v1.2.0 = %s, want v1.0.0", got)
	}
	if got := n.Recommended(func(string) bool { return false }); got != "" {
		t.Errorf("Recommended with nothing acceptable = %s, want none", got)
	}

	msg := n.RetractedMessage("v1.1.0", n.Retracted("v1.1.0"), "v1.2.0")
	for _, want := range []string{"example.com/old v1.1.0 is retracted by its authors: Leaks credentials in logs;", "run go get example.com/old@v1.2.0", "go.mod of example.com/old@v1.2.0 in the module cache"} {
		if !strings.Contains(msg, want) {
			t.Errorf("RetractedMessage = %q, want it to contain %q", msg, want)
		}
	}
	if msg := n.RetractedMessage("v1.3.0", &Retraction{}, "v1.2.0"); !strings.Contains(msg, "gave no reason") || !strings.Contains(msg, "a downgrade") {
		t.Errorf("RetractedMessage (no reason, downgrade) = %q", msg)
	}
	if msg := n.DeprecatedMessage(); !strings.HasPrefix(msg, "example.com/old is deprecated by its authors: use example.com/new instead (") {
		t.Errorf("DeprecatedMessage = %q", msg)
	}
}

func TestLookupSilent(t *testing.T) {
	cache := t.TempDir()
	// Upper-case letters are escaped in the cache ("!upper").
	writeCache(t, cache, "example.com/!upper", []string{"v1.0.0"}, map[string]string{"v1.0.0": "module example.com/Upper\n\nretract v0.9.0\n"})
	writeCache(t, cache, "example.com/quiet", []string{"v1.0.0"}, map[string]string{"v1.0.0": "module example.com/quiet\n"})
	writeCache(t, cache, "example.com/fork", []string{"v1.0.0"}, map[string]string{"v1.0.0": "module example.com/original\n\nretract v1.0.0\n"})
	writeCache(t, cache, "example.com/pseudo", []string{"v0.0.0-20240101000000-abcdefabcdef"}, nil)
	writeCache(t, cache, "example.com/gone", []string{"v1.0.0"}, nil)

	n, err := Cache{Dir: cache}.Lookup("example.com/Upper")
	if err != nil || n == nil || n.Retracted("v0.9.0") == nil {
		t.Errorf("Lookup(example.com/Upper) = %+v, %v; want v0.9.0 retracted", n, err)
	}
	for _, mod := range []string{"example.com/quiet", "example.com/fork", "example.com/pseudo", "example.com/gone", "example.com/absent", "not a path"} {
		if n, err := (Cache{Dir: cache}).Lookup(mod); n != nil || err != nil {
			t.Errorf("Lookup(%s) = %+v, %v; want nothing", mod, n, err)
		}
	}
	if n, err := (Cache{}).Lookup("example.com/quiet"); n != nil || err != nil {
		t.Errorf("Lookup with no cache = %+v, %v", n, err)
	}
}

func TestLookupBadFiles(t *testing.T) {
	cache := t.TempDir()
	writeCache(t, cache, "example.com/bad", []string{"v1.0.0"}, map[string]string{"v1.0.0": "module example.com/bad\n\nrequire (\n\texample.com/x \"v1\n"})
	_, err := Cache{Dir: cache}.Lookup("example.com/bad")
	if err == nil || !strings.Contains(err.Error(), "v1.0.0.mod:4") {
		t.Errorf("Lookup of a go.mod that does not parse: %v; want an error naming file and line", err)
	}

	// A FIFO in place of the list must not block the check.
	dir := filepath.Join(cache, "cache", "download", "example.com", "fifo", "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "list"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	_, err = Cache{Dir: cache}.Lookup("example.com/fifo")
	if err == nil || !strings.Contains(err.Error(), "list") {
		t.Errorf("Lookup with a FIFO list: %v; want an error naming it", err)
	}
}
