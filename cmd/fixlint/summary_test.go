package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestUnusedModules: a module that go.mod requires (an indirect
// requirement) but that provides no package to the packages checked is
// counted, not listed, in text and SARIF output; -show unused lists it;
// JSON has it with level "unused". The demo's own findings are listed as
// before, and the summary line counts each level.
func TestUnusedModules(t *testing.T) {
	demo := copyDemo(t)
	appendTo(t, filepath.Join(demo, "go.mod"), "\nrequire github.com/go-openapi/runtime v0.23.2 // indirect\n")
	appendTo(t, filepath.Join(demo, "vendor/modules.txt"), "# github.com/go-openapi/runtime v0.23.2\n## explicit\n")
	env := hermetic()
	const unused = "github.com/go-openapi/runtime v0.23.2 is affected by FIX-0001"

	r := runIn(t, demo, env, fixlintBin, "./...")
	if r.code != exitFindings || strings.Contains(r.stdout, unused) || !strings.Contains(r.stdout, "FIX-0002") {
		t.Errorf("text: exit %d, the unused module listed or the demo's findings missing:\n%s%s", r.code, r.stdout, r.stderr)
	}
	summary := "fixlint: 2 known problems: 2 reached from your code, 0 in packages you import, 0 in modules you require; 1 known problem in 1 required module that no checked package uses (not listed: no checked package imports them, directly or not; -show unused lists them)\n"
	if r.stderr != summary {
		t.Errorf("text: stderr\n%s\nwant\n%s", r.stderr, summary)
	}

	r = runIn(t, demo, env, fixlintBin, "-show", "unused", "./...")
	if r.code != exitFindings || !regexp.MustCompile(`(?m)^go\.mod:\d+:\d+: `+regexp.QuoteMeta(unused)).MatchString(r.stdout) || strings.Contains(r.stderr, "not listed") {
		t.Errorf("-show unused: exit %d, the unused module not listed:\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = runIn(t, demo, env, fixlintBin, "-format", "json", "./...")
	if !regexp.MustCompile(`"card":"FIX-0001","level":"unused"`).MatchString(r.stdout) {
		t.Errorf("json: the unused module's finding is missing or has another level:\n%s", r.stdout)
	}

	r = runIn(t, demo, env, fixlintBin, "-format", "sarif", "./...")
	if strings.Contains(r.stdout, `"ruleId": "FIX-0001"`) || !strings.Contains(r.stdout, "not included: 1 finding in 1 required module that no checked package uses") {
		t.Errorf("sarif: the unused module's finding is listed, or its count is not said:\n%s", r.stdout)
	}

	// With every module in use, nothing is said of unused ones.
	r = runIn(t, copyDemo(t), env, fixlintBin, "./...")
	if strings.Contains(r.stderr, "no checked package uses") {
		t.Errorf("the demo has no unused module, but stderr says:\n%s", r.stderr)
	}
	// A direct requirement that no checked package uses is used on
	// another platform, behind build tags or as a tool: listed.
	direct := copyDemo(t)
	appendTo(t, filepath.Join(direct, "go.mod"), "\nrequire github.com/go-openapi/runtime v0.23.2\n")
	appendTo(t, filepath.Join(direct, "vendor/modules.txt"), "# github.com/go-openapi/runtime v0.23.2\n## explicit\n")
	r = runIn(t, direct, env, fixlintBin, "./...")
	if !strings.Contains(r.stdout, unused) || strings.Contains(r.stderr, "no checked package uses") {
		t.Errorf("a direct requirement no checked package uses: not listed, or counted as unused:\n%s%s", r.stdout, r.stderr)
	}
	if r := runIn(t, demo, env, fixlintBin, "-show", "traces", "./..."); r.code != exitUsage {
		t.Errorf("-show traces: exit %d, want %d (unknown value)\n%s", r.code, exitUsage, r.stderr)
	}
}

func appendTo(t *testing.T, file, text string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
