package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows about the user's code: code being edited has type errors most of
// the time, and fixlint must still report what it can.

// breakDemo copies the demo and applies edit to its main.go.
func breakDemo(t *testing.T, dir string, edit func(src string) string) {
	t.Helper()
	demoInto(t, dir)
	p := filepath.Join(dir, "main.go")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, edit(string(data)))
}

// goModFinding is the demo's go.mod finding for resty: it needs no
// package to type-check.
const goModFinding = `go\.mod:\d+:\d+: github\.com/go-resty/resty/v2 v2\.16\.3 is affected by FIX-0002`

// brokenCode is a row about a broken demo: edit turns the demo's main.go
// into code being edited; the go.mod findings and the undamaged call
// sites are still reported, the breakage is an error, and the exit code
// says so.
func brokenCode(name, input, want string, edit func(string) string, stdout, stderr string) hostileCase {
	return hostileCase{
		name:  "code-" + name,
		entry: "fixlint ./...",
		input: input,
		want:  want,
		setup: func(t *testing.T, dir string, r *hostileRun) []string {
			breakDemo(t, dir, edit)
			return []string{"fixlint", "./..."}
		},
		code:   exitError,
		stdout: stdout,
		stderr: stderr,
	}
}

func replace(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("the demo no longer contains " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

const triggerLine = "client.SetAuthScheme(\"\")\n"

func init() {
	addHostile(
		brokenCode("type-error-beside-trigger",
			"an undefined function called right after a triggering SetAuthScheme(\"\") (crashed fixlint and the language server)",
			"the type error, the go.mod finding and the call-site finding; exit 1",
			replace(triggerLine, triggerLine+"\tundefinedFunc()\n"),
			goModFinding+`.*main\.go:\d+:\d+: SetAuthScheme\(""\) does not remove the scheme`, `undefined: undefinedFunc`),
		brokenCode("undefined-argument",
			"a triggering call whose argument is undefined",
			"the type error and the go.mod finding; the call is not judged; exit 1",
			replace(triggerLine, "client.SetAuthScheme(undefinedVar)\n"),
			goModFinding, `undefined: undefinedVar`),
		brokenCode("undefined-method",
			"a method that does not exist, called with the trigger's value",
			"the type error and the go.mod finding; exit 1",
			replace(triggerLine, "client.SetAuthSchemeX(\"\")\n"),
			goModFinding, `SetAuthSchemeX`),
		brokenCode("too-many-arguments",
			"the triggering method called with an extra argument",
			"the type error, the go.mod finding; exit 1",
			replace(triggerLine, "client.SetAuthScheme(\"\", \"extra\")\n"),
			goModFinding, `too many arguments`),
		brokenCode("no-arguments",
			"the triggering method called with no argument",
			"the type error and the go.mod finding; exit 1",
			replace(triggerLine, "client.SetAuthScheme()\n"),
			goModFinding, `not enough arguments`),
		brokenCode("syntax-error",
			"main.go cut off in the middle of a function (a parse error)",
			"the parse error with file:line, the go.mod finding; exit 1",
			func(s string) string { return s[:strings.Index(s, triggerLine)] },
			goModFinding, `main\.go:\d+:\d+: `),
		brokenCode("undefined-type-literal",
			"a composite literal of an undefined type with a triggering field",
			"the type error and the go.mod finding; exit 1",
			replace(triggerLine, triggerLine+"\t_ = &undefinedT{Handler: nil}\n"),
			goModFinding, `undefined: undefinedT`),
		brokenCode("unknown-field",
			"a literal of a card's type with a field that does not exist",
			"the type error and the go.mod finding; exit 1",
			replace("File: \"api.yaml\"}", "File: \"api.yaml\", NoSuchField: 1}"),
			goModFinding, `NoSuchField`),
		brokenCode("broken-method-value",
			"a method value of a method that does not exist, then called",
			"the type error and the go.mod finding; exit 1",
			replace(triggerLine, "set := client.NoSuch\n\tset(\"\")\n"),
			goModFinding, `NoSuch`),
		brokenCode("missing-import",
			"an import of a package no module provides",
			"the go command's error and the go.mod finding; exit 1",
			replace("\"os\"\n", "\"os\"\n\t\"example.com/missing\"\n"),
			goModFinding, `example\.com/missing`),
		brokenCode("nul-bytes",
			"NUL bytes and invalid UTF-8 in main.go",
			"the parse error and the go.mod finding; exit 1",
			replace(triggerLine, triggerLine+"\t\x00\xff\xfe\n"),
			goModFinding, `main\.go:\d+:\d+: (illegal character NUL|invalid NUL character)`),
		hostileCase{
			name:  "code-two-package-names",
			entry: "fixlint ./...",
			input: "a second file in the directory with another package name",
			want:  "the go command's error and the go.mod finding; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				writeFile(t, filepath.Join(dir, "other.go"), "package other\n")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: goModFinding,
			stderr: `other`,
		},
		hostileCase{
			name:  "code-govet-type-error",
			entry: "go vet -vettool",
			input: "go vet with fixlint on the demo with a type error beside a trigger",
			want:  "go vet reports the type error (it runs no analyzer on an ill-typed package); exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				breakDemo(t, dir, replace(triggerLine, triggerLine+"\tundefinedFunc()\n"))
				return []string{"go", "vet", "-vettool=" + fixlintBin, "./..."}
			},
			code:   1,
			stderr: `undefined: undefinedFunc`,
		},
	)
}
