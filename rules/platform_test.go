package rules

import "testing"

func TestPlatform(t *testing.T) {
	tests := []struct {
		p            Platform
		goos, goarch string
		want         bool
		wantString   string
	}{
		{Platform{}, "linux", "amd64", true, "every platform"},
		{Platform{GOOS: []string{"windows"}}, "windows", "arm64", true, "windows"},
		{Platform{GOOS: []string{"windows"}}, "linux", "amd64", false, "windows"},
		{Platform{GOARCH: []string{"386", "arm"}}, "linux", "arm", true, "386, arm"},
		{Platform{GOOS: []string{"linux"}, GOARCH: []string{"amd64", "arm64"}}, "linux", "386", false, "linux/amd64, linux/arm64"},
	}
	for _, tt := range tests {
		if got := tt.p.Matches(tt.goos, tt.goarch); got != tt.want {
			t.Errorf("%+v.Matches(%s, %s) = %v", tt.p, tt.goos, tt.goarch, got)
		}
		if got := tt.p.String(); got != tt.wantString {
			t.Errorf("%+v.String() = %q, want %q", tt.p, got, tt.wantString)
		}
	}
	c := &Card{Packages: []string{"m/a", "m/b", "m/d"}, PackagePlatforms: []PackagePlatform{
		{"m/b", Platform{GOOS: []string{"windows"}}},
		// m/d is named by two entries of the record: one for linux, one
		// for windows.
		{"m/d", Platform{GOOS: []string{"linux"}}},
		{"m/d", Platform{GOOS: []string{"windows"}}},
	}}
	for _, tt := range []struct {
		pkg, goos string
		want      bool
	}{{"m/a", "linux", true}, {"m/b", "linux", false}, {"m/b", "windows", true}, {"m/c", "windows", false},
		{"m/d", "linux", true}, {"m/d", "windows", true}, {"m/d", "darwin", false}} {
		if got := c.CoversPackageOn(tt.pkg, tt.goos, "amd64"); got != tt.want {
			t.Errorf("CoversPackageOn(%s, %s) = %v", tt.pkg, tt.goos, got)
		}
	}
}
