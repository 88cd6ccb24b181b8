package buildlist

import (
	"golang.org/x/mod/modfile"

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

// TestFallbackWorkspaceOrder: in a workspace where module a requires
// module b, and go.work uses a first, b is still a main module of the
// fallback list, not a dependency at the version a requires (it was, and
// b's go.mod findings were then reported in a's go.mod).
func TestFallbackWorkspaceOrder(t *testing.T) {
	parse := func(file, text string) *modfile.File {
		f, err := modfile.Parse(file, []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	l := &List{ByPath: make(map[string]*Module)}
	l.addGoMods([]*modfile.File{
		parse("/ws/a/go.mod", "module example.com/a\nrequire (\n\texample.com/b v1.0.0\n\texample.com/c v1.1.0\n)\n"),
		parse("/ws/b/go.mod", "module example.com/b\nrequire example.com/c v1.2.0\n"),
	}, true)
	if len(l.Main) != 2 || l.Main[0].Path != "example.com/a" || l.Main[1].Path != "example.com/b" || l.Main[1].Dir != "/ws/b" {
		t.Fatalf("main modules %+v %+v, want a and b", l.Main[0], l.Main[len(l.Main)-1])
	}
	if b := l.ByPath["example.com/b"]; !b.Main || b.FromGoMod {
		t.Errorf("b = %+v, want the main module", b)
	}
	if c := l.ByPath["example.com/c"]; c.Version != "v1.2.0" || !c.FromGoMod {
		t.Errorf("c = %+v, want v1.2.0 (the higher requirement), marked", c)
	}
}
