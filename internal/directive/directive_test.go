package directive

import (
	"reflect"
	"testing"
)

func TestParseGo(t *testing.T) {
	tests := []struct {
		in    string
		ok    bool
		ids   []string
		why   string
		valid bool
	}{
		{"//fixlint:ignore FIX-0001 the token is never empty", true, []string{"FIX-0001"}, "the token is never empty", true},
		{"// fixlint:ignore FIX-0001,FIX-0002 two at once", true, []string{"FIX-0001", "FIX-0002"}, "two at once", true},
		{"/* fixlint:ignore FIX-0001 block comment */", true, []string{"FIX-0001"}, "block comment", true},
		{"//fixlint:ignore FIX-0001", true, []string{"FIX-0001"}, "", false},
		{"//fixlint:ignore", true, nil, "", false},
		{"//fixlint:ignored FIX-0001 x", false, nil, "", false},
		{"// a comment about fixlint:ignore", false, nil, "", false},
		{"//nolint:fixlint", false, nil, "", false},
	}
	for _, tt := range tests {
		ig, ok := ParseGo(tt.in)
		if ok != tt.ok || !reflect.DeepEqual(ig.IDs, tt.ids) || ig.Reason != tt.why || ig.Valid() != tt.valid {
			t.Errorf("ParseGo(%q) = %+v, %v; want ids %v reason %q ok %v valid %v", tt.in, ig, ok, tt.ids, tt.why, tt.ok, tt.valid)
		}
	}
}

func TestParseGoMod(t *testing.T) {
	ig, ok := ParseGoMod("// indirect; fixlint:ignore FIX-0002 pinned by the vendor")
	if !ok || !ig.Valid() || ig.IDs[0] != "FIX-0002" || ig.Reason != "pinned by the vendor" {
		t.Errorf("got %+v, %v", ig, ok)
	}
}

func FuzzParseGo(f *testing.F) {
	for _, s := range []string{"//fixlint:ignore FIX-0001 why", "//fixlint:ignore ,,, x", "/*fixlint:ignore*/", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ig, ok := ParseGo(s)
		if !ok && (len(ig.IDs) > 0 || ig.Reason != "") {
			t.Fatalf("not a directive but parsed %+v", ig)
		}
		for _, id := range ig.IDs {
			if id == "" {
				t.Fatalf("empty ID from %q", s)
			}
		}
	})
}
