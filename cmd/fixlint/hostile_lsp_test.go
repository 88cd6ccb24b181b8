package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows about the language server's input: what an editor, or a broken
// pipe, writes to fixlint lsp's standard input.

// lspFrame frames bodies as the base protocol does.
func lspFrame(bodies ...string) string {
	var b strings.Builder
	for _, body := range bodies {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	return b.String()
}

// lspSession is initialize, the given raw input, then shutdown and exit.
func lspSession(dir, raw string) string {
	return lspFrame(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"rootUri":"file://`+dir+`","capabilities":{}}}`,
		`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		raw +
		lspFrame(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`)
}

func lspRow(name, input, want string, code int, stdout string, raw func(dir string) string) hostileCase {
	return hostileCase{
		name:  "lsp-" + name,
		entry: "fixlint lsp",
		input: input,
		want:  want,
		setup: func(t *testing.T, dir string, r *hostileRun) []string {
			r.stdin = strings.NewReader(raw(dir))
			return []string{"fixlint", "lsp"}
		},
		code:   code,
		stdout: stdout,
	}
}

func init() {
	next := `{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nowhere/a.go"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}`
	addHostile(
		lspRow("conflicting-content-length",
			"two Content-Length headers that disagree, then a request (the request was swallowed)",
			"a parse error for the bad message, an answer to the next request, a clean exit",
			exitOK, `"code":-32700.*"id":7,"result":\[\]`,
			func(dir string) string {
				body := `{"jsonrpc":"2.0","id":6,"method":"nosuch"}`
				return lspSession(dir, fmt.Sprintf("Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s", len(body), len(body)+200, body)+lspFrame(next))
			}),
		lspRow("huge-content-length",
			"a Content-Length of a terabyte, then the stream ends",
			"no allocation of that size, exit 1 (the stream ended without shutdown)",
			exitError, ``,
			func(dir string) string { return "Content-Length: 1000000000000\r\n\r\n{}" }),
		lspRow("garbage-stream",
			"binary garbage with no header at all, then end of stream",
			"parse errors, exit 1 (no shutdown), no crash",
			exitError, `-32700`,
			func(dir string) string { return strings.Repeat("\x00\xff\xfe garbage\r\n\r\n", 1000) }),
		lspRow("deep-json",
			"a body of 100,000 nested arrays, then a request",
			"a JSON error for the body, an answer to the next request",
			exitOK, `"id":7,"result":\[\]`,
			func(dir string) string {
				return lspSession(dir, lspFrame(strings.Repeat("[", 100000)+strings.Repeat("]", 100000), next))
			}),
		lspRow("bad-uris",
			"didOpen of URIs that are no files (escapes, another scheme, a path outside the workspace, invalid UTF-8)",
			"each ignored, the next request answered, a clean exit",
			exitOK, `"id":7,"result":\[\]`,
			func(dir string) string {
				var bodies []string
				for _, uri := range []string{"file:///%zz", "http://example.com/x.go", "file:///etc/passwd", "file://" + dir + "/\xff\xfe.go", "file://" + dir + "/../../etc/go.mod"} {
					bodies = append(bodies, `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"`+uri+`","languageId":"go","version":1,"text":""}}}`)
				}
				return lspSession(dir, lspFrame(append(bodies, next)...))
			}),
		lspRow("exit-without-shutdown",
			"exit without shutdown",
			"exit 1, as the protocol says",
			exitError, ``,
			func(dir string) string {
				return lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, `{"jsonrpc":"2.0","method":"exit"}`)
			}),
		hostileCase{
			name:  "lsp-upgrade-argument-injection",
			entry: "fixlint lsp",
			input: "fixlint.upgrade with a module argument that is a go flag (-modfile=/etc/passwd) and a directory outside the workspace",
			want:  "refused with an error reply; no go command runs; a clean exit",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				r.env = append(r.env, fakeGoOnPath(t, dir))
				r.stdin = strings.NewReader(lspSession(dir, lspFrame(
					`{"jsonrpc":"2.0","id":8,"method":"workspace/executeCommand","params":{"command":"fixlint.upgrade","arguments":["/","-modfile=/etc/passwd","v1.0.0"]}}`,
					`{"jsonrpc":"2.0","id":9,"method":"workspace/executeCommand","params":{"command":"fixlint.upgrade","arguments":["`+dir+`","-modfile=/etc/passwd","v1.0.0"]}}`)))
				return []string{"fixlint", "lsp"}
			},
			code:   exitOK,
			stdout: `"id":8,"error":`,
			check: func(t *testing.T, dir string, res runResult) {
				if !strings.Contains(res.stdout, `"id":9,"error":`) {
					t.Errorf("no error reply to the upgrade inside the workspace")
				}
				if _, err := os.Stat(filepath.Join(dir, "go-get.log")); err == nil {
					t.Errorf("a go get ran")
				}
			},
		},
	)
}
