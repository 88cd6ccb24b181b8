package analyzer

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestPlaceOf(t *testing.T) {
	t.Setenv("GOMODCACHE", "/cache")
	tests := []struct {
		file, mod, pkg string
		want           filePlace
	}{
		{"/root/go/pkg/mod/github.com/go-resty/resty/v2@v2.16.3/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2",
			filePlace{modPath: "github.com/go-resty/resty/v2", version: "v2.16.3"}},
		{"/m/pkg/mod/github.com/!azure/azure-sdk-for-go/sdk/azcore@v1.8.0/policy/x.go", "github.com/Azure/azure-sdk-for-go/sdk/azcore", "github.com/Azure/azure-sdk-for-go/sdk/azcore/policy",
			filePlace{modPath: "github.com/Azure/azure-sdk-for-go/sdk/azcore", version: "v1.8.0"}},
		// go build -trimpath names files module@version/file.go.
		{"github.com/go-resty/resty/v2@v2.16.5/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2",
			filePlace{modPath: "github.com/go-resty/resty/v2", version: "v2.16.5"}},
		{"/src/app/vendor/github.com/go-resty/resty/v2/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2",
			filePlace{vendored: true}},
		// A fork put in place by replace.
		{"/cache/github.com/someone/resty/v2@v2.0.1/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2",
			filePlace{modPath: "github.com/someone/resty/v2", version: "v2.0.1"}},
		{"/elsewhere/github.com/someone/resty/v2@v2.0.1/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2",
			filePlace{modPath: "someone/resty/v2", version: "v2.0.1"}},
		// A directory replace.
		{"/home/me/src/resty/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2", filePlace{}},
		{"/home/me/user@example/resty/client.go", "github.com/go-resty/resty/v2", "github.com/go-resty/resty/v2", filePlace{}},
	}
	for _, tt := range tests {
		if got := placeOf(tt.file, tt.mod, tt.pkg); got != tt.want {
			t.Errorf("placeOf(%q) = %+v, want %+v", tt.file, got, tt.want)
		}
	}
}

// TestFactLookup: a package that no direct import's fact names is placed
// by the longest module path that prefixes it, a main module's included.
func TestFactLookup(t *testing.T) {
	pass := &analysis.Pass{ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false }}
	own := &moduleFact{Path: "example.com/app", Main: true, Deps: []moduleFact{
		{Path: "example.com/x", Version: "v1.0.0"},
		{Path: "example.com/x/y", Version: "v2.0.0"}, // a nested module
		{Path: "example.com/x/app", Main: true},      // a second main module (workspace)
		{Path: "example.com/r", Version: "v1.0.0", Unknown: "replaced by directory ../r"},
		{Path: stdlib, Version: "v1.26.8"},
	}}
	l := &factLookup{pass: pass, own: own}
	for _, tt := range []struct {
		pkg, mod string
		ok       bool
	}{
		{"example.com/x/inner", "example.com/x", true},
		{"example.com/x/y/z", "example.com/x/y", true},
		{"example.com/x/yy", "example.com/x", true}, // a path element, not a string prefix
		{"example.com/x/app/sub", "example.com/x/app", false},
		{"example.com/app/internal", "example.com/app", false},
		{"example.com/r/p", "example.com/r", true},
		{"net/http", stdlib, true},
		{"other.org/p", "", false},
	} {
		m, ok := l.moduleOf(types.NewPackage(tt.pkg, "p"))
		if m.Path != tt.mod || ok != tt.ok {
			t.Errorf("moduleOf(%s) = %s, %v; want %s, %v", tt.pkg, m.Path, ok, tt.mod, tt.ok)
		}
	}
	// Outside any module (GOPATH mode), a dotless path is not the
	// standard library's.
	gopath := &factLookup{pass: pass, own: &moduleFact{Deps: []moduleFact{{Path: stdlib, Version: "v1.26.8"}}}}
	if m, ok := gopath.moduleOf(types.NewPackage("mylib/x", "x")); ok {
		t.Errorf("GOPATH mylib/x placed in %s", m.Path)
	}
}
