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
	c := &Card{Packages: []string{"m/a", "m/b"}, PackagePlatforms: []PackagePlatform{{"m/b", Platform{GOOS: []string{"windows"}}}}}
	for _, tt := range []struct {
		pkg, goos string
		want      bool
	}{{"m/a", "linux", true}, {"m/b", "linux", false}, {"m/b", "windows", true}, {"m/c", "windows", false}} {
		if got := c.CoversPackageOn(tt.pkg, tt.goos, "amd64"); got != tt.want {
			t.Errorf("CoversPackageOn(%s, %s) = %v", tt.pkg, tt.goos, got)
		}
	}
}
