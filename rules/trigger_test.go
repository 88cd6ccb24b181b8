package rules

import "testing"

func TestParseSymbol(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"github.com/x/y.F", "github.com/x/y.F", ""},
		{"(*github.com/go-resty/resty/v2.Request).SetAuthScheme", "(*github.com/go-resty/resty/v2.Request).SetAuthScheme", ""},
		{"(gopkg.in/yaml.v3.Node).Decode", "(gopkg.in/yaml.v3.Node).Decode", ""},
		{"gopkg.in/yaml.v3.Unmarshal", "gopkg.in/yaml.v3.Unmarshal", ""},
		{"github.com/x/y", "", `symbol "github.com/x/y": want pkg/path.Name`},
		{"(github.com/x/y.T.M", "", `symbol "(github.com/x/y.T.M": missing ')'`},
		{"(T).M", "", `symbol "(T).M": receiver "T" has no package path`},
		{"github.com/x/y.1F", "", `symbol "github.com/x/y.1F": "1F" is not a Go identifier`},
	}
	for _, tt := range tests {
		s, err := ParseSymbol(tt.in)
		got, gotErr := s.String(), ""
		if err != nil {
			got, gotErr = "", err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("ParseSymbol(%q) = %q, %q; want %q, %q", tt.in, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestParseConstant(t *testing.T) {
	for _, lit := range []string{`"none"`, "0", "1.5", "true", "'x'", "0x1F", "-1"} {
		if _, err := ParseConstant(lit); err != nil {
			t.Errorf("ParseConstant(%q): %v", lit, err)
		}
	}
	for _, lit := range []string{`"unterminated`, "abc", "", "-true"} {
		if _, err := ParseConstant(lit); err == nil {
			t.Errorf("ParseConstant(%q): no error", lit)
		}
	}
}
