package buildlist

import (
	"strings"
	"testing"
)

func TestParseModulesTxt(t *testing.T) {
	data := `# example.com/a v1.2.3
## explicit; go 1.22
example.com/a
# example.com/b v1.0.0 => example.com/fork v1.0.1
## explicit
# example.com/c v0.1.0 => ../c
# example.com/d => ./d
# example.com/e v2.0.0+incompatible
`
	mods, err := ParseModulesTxt("modules.txt", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mods {
		v, unknown := m.Selected()
		got = append(got, m.Path+" "+v+" "+unknown)
	}
	want := []string{
		"example.com/a v1.2.3 ",
		"example.com/b  replaced by example.com/fork@v1.0.1",
		"example.com/c  replaced by directory ../c",
		"example.com/d  replaced by directory ./d",
		"example.com/e v2.0.0+incompatible ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseModulesTxtErrors(t *testing.T) {
	_, err := ParseModulesTxt("vendor/modules.txt", []byte("# ok v1.0.0\n# broken\n"))
	if err == nil || err.Error() != `vendor/modules.txt:2: malformed module line "# broken"` {
		t.Errorf("err = %v", err)
	}
}

func TestSelectedSameModuleReplace(t *testing.T) {
	m := &Module{Path: "example.com/a", Version: "v1.0.0", Replace: &Module{Path: "example.com/a", Version: "v1.0.5"}}
	if v, u := m.Selected(); v != "v1.0.5" || u != "" {
		t.Errorf("Selected = %q, %q", v, u)
	}
}

func FuzzParseModulesTxt(f *testing.F) {
	f.Add([]byte("# example.com/a v1.2.3\n## explicit; go 1.22\nexample.com/a\n# example.com/b v1.0.0 => ../b\n"))
	f.Add([]byte("# x => y v1\n# \n#\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		mods, err := ParseModulesTxt("modules.txt", data)
		if err != nil {
			return
		}
		for _, m := range mods {
			if m.Path == "" {
				t.Fatalf("a module without a path from %q", data)
			}
			m.Selected()
		}
	})
}
