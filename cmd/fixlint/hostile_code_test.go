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

func init() {
	addHostile(
		hostileCase{
			name:  "type-error-beside-trigger",
			entry: "fixlint ./...",
			input: "an undefined function called right after a triggering SetAuthScheme(\"\")",
			want:  "the type error and the findings (module and call site) are reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				breakDemo(t, dir, func(s string) string {
					return strings.Replace(s, "client.SetAuthScheme(\"\")\n", "client.SetAuthScheme(\"\")\n\tundefinedFunc()\n", 1)
				})
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: `main.go:\d+:\d+: SetAuthScheme\(""\) does not remove the scheme`,
			stderr: `undefined: undefinedFunc`,
		},
	)
}
