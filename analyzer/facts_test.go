package analyzer

import "testing"

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
