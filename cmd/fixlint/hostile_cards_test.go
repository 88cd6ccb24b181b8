package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows about card files (-rules, fixlint rules check): a card file is
// written by someone else, and may be no card at all. fixlint must refuse
// it quickly, in bounded space, with a short error naming it, and keep the
// other cards in use.

// userCard is a valid card about resty whose trigger compares with equals.
func userCard(equals string) string {
	return `id: USER-0001
title: a card of the user's
module: github.com/go-resty/resty/v2
kind: bug
severity: low
affected:
  - fixed: v2.16.4
links:
  issue: https://example.com/issues/1
what_broke: something
why: some reason
fix_options:
  - title: Upgrade
    how: go get github.com/go-resty/resty/v2@v2.16.5
confidence: high
verified:
  on: 2026-01-01
  how: by hand
triggers:
  - call: (*github.com/go-resty/resty/v2.Request).SetAuthScheme
    arg: 0
    equals: ` + equals + `
    message: a test trigger
`
}

// demoFindings: the demo's findings are still printed (the other cards
// stay in use).
const demoFindings = `main.go:17:23: SetAuthScheme\(""\) does not remove the scheme`

// shortOutput fails a row whose error output echoes the input back: a
// file's problems are at most 10 errors and a count, each cut short.
func shortOutput(max int) func(t *testing.T, dir string, res runResult) {
	return func(t *testing.T, dir string, res runResult) {
		if n := len(res.stderr); n > max {
			t.Errorf("stderr is %d bytes, want at most %d (the input echoed back?)", n, max)
		}
	}
}

func init() {
	dashes := func(n int) string { return strings.Repeat("-", n) + "5" }
	addHostile(
		hostileCase{
			name:  "card-equals-9M-dashes-check",
			entry: "fixlint rules check",
			input: "a card whose equals: is 9,000,000 dashes and a 5 (9 MB)",
			want:  "an error naming the file (over the card size limit); no stack overflow; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), userCard(dashes(9_000_000)))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `^USER-0001.yaml: larger than 1 MiB, the limit for a card file\n$`,
		},
		hostileCase{
			name:  "card-equals-9M-dashes-run",
			entry: "fixlint -rules FILE ./...",
			input: "-rules names a card whose equals: is 9,000,000 dashes and a 5",
			want:  "an error naming the card; the embedded cards still report; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				writeFile(t, filepath.Join(dir, "cards", "USER-0001.yaml"), userCard(dashes(9_000_000)))
				return []string{"fixlint", "-rules", "cards", "./..."}
			},
			code:   exitError,
			stdout: demoFindings,
			stderr: `cards/USER-0001.yaml: larger than 1 MiB`,
			check:  shortOutput(1000),
		},
		hostileCase{
			name:  "card-equals-1M-dashes",
			entry: "fixlint rules check",
			input: "a card (under 1 MiB) whose equals: is 1,000,000 dashes and a 5",
			want:  "an error at the trigger's line: at most one leading '-'; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), userCard(dashes(1_000_000)))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `USER-0001.yaml:20: trigger: equals: "-----[-]*"\.\.\. \(1000001 bytes\): at most one leading '-'`,
			check:  shortOutput(400),
		},
		hostileCase{
			name:  "card-equals-long-literal",
			entry: "fixlint rules check",
			input: "a card whose equals: is a 1,000,000-digit number (go/constant parses it in seconds)",
			want:  "an error: the literal is too long; exit 1, quickly",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), userCard(strings.Repeat("7", 1_000_000)))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `USER-0001.yaml:20: trigger: equals: a constant literal of 1000000 bytes; at most 1024`,
		},
		hostileCase{
			name:  "card-alias-bomb",
			entry: "fixlint rules check",
			input: "a 1 MiB card aliasing a 512 KB anchored text 60,000 times",
			want:  "an error at the anchor's line, within seconds (it ran past 90 s); exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				var b strings.Builder
				b.WriteString("id: USER-0001\ntitle: t\nmodule: example.com/m\nkind: bug\nwhat_broke: &m \"")
				b.WriteString(strings.Repeat("AAAAAAA ", 1<<16) + "\"\nwhy: *m\naliases:\n")
				for b.Len() < 1<<20-16 {
					b.WriteString("  - *m\n")
				}
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), b.String())
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `USER-0001.yaml:5: YAML anchor &m: anchors and aliases are not allowed in this file\n.*and \d+ more problems in this file`,
			check:  shortOutput(2000),
		},
		hostileCase{
			name:  "card-fifo-in-dir",
			entry: "fixlint rules check DIR",
			input: "a card directory holding a FIFO named x.yaml beside a good card",
			want:  "an error naming the FIFO, never a blocked read; the good card is checked; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "cards", "USER-0001.yaml"), userCard("0"))
				fifoAt(t, filepath.Join(dir, "cards", "x.yaml"))
				return []string{"fixlint", "rules", "check", "cards"}
			},
			code:   exitError,
			stderr: `cards/x.yaml: not a regular file \(a FIFO\)`,
			stdout: `^1 cards checked, 1 problems\n$`,
		},
		hostileCase{
			name:  "card-fifo-run",
			entry: "fixlint -rules FILE ./...",
			input: "-rules names a FIFO",
			want:  "an error naming the FIFO; the embedded cards still report; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				fifoAt(t, filepath.Join(dir, "fifo"))
				return []string{"fixlint", "-rules", "fifo", "./..."}
			},
			code:   exitError,
			stdout: demoFindings,
			stderr: `fifo: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "card-dev-zero",
			entry: "fixlint -rules FILE ./...",
			input: "-rules /dev/zero (endless)",
			want:  "an error naming /dev/zero, nothing read; the embedded cards still report; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
				demoInto(t, dir)
				return []string{"fixlint", "-rules", "/dev/zero", "./..."}
			},
			code:   exitError,
			stdout: demoFindings,
			stderr: `/dev/zero: not a regular file \(a device\)`,
		},
		hostileCase{
			name:  "card-dir-symlink-loops",
			entry: "fixlint rules check DIR",
			input: "a card directory with a link to itself (sub/up -> ..) and a link loop.yaml -> loop.yaml",
			want:  "the walk ends; loop.yaml is an error naming it (it was skipped in silence); exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cards := filepath.Join(dir, "cards")
				writeFile(t, filepath.Join(cards, "USER-0001.yaml"), userCard("0"))
				os.Mkdir(filepath.Join(cards, "sub"), 0o777)
				if err := os.Symlink("..", filepath.Join(cards, "sub", "up")); err != nil {
					t.Skip("no symlinks:", err)
				}
				os.Symlink("loop.yaml", filepath.Join(cards, "loop.yaml"))
				return []string{"fixlint", "rules", "check", "cards"}
			},
			code:   exitError,
			stderr: `cards/loop.yaml: too many levels of symbolic links`,
			stdout: `^1 cards checked, 1 problems\n$`,
		},
		hostileCase{
			name:  "card-5MB",
			entry: "fixlint rules check",
			input: "a valid card followed by 5 MB of comment lines",
			want:  "an error naming the file: larger than 1 MiB; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), userCard("0")+strings.Repeat("# "+strings.Repeat("x", 98)+"\n", 50_000))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `^USER-0001.yaml: larger than 1 MiB, the limit for a card file\n$`,
		},
		hostileCase{
			name:  "card-not-a-card-echo",
			entry: "fixlint rules check",
			input: "a secrets file of 500 'name: secret' lines given as a card",
			want:  "at most 10 errors and a count of the rest, no secret quoted whole; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				var b strings.Builder
				for i := 0; i < 500; i++ {
					b.WriteString("user" + strings.Repeat("x", i%50) + string(rune('a'+i%26)) + strings.Repeat("y", i/26) + ": s3cr3t-" + strings.Repeat("z", 200) + "\n")
				}
				writeFile(t, filepath.Join(dir, "secrets"), b.String())
				return []string{"fixlint", "rules", "check", "secrets"}
			},
			code:   exitError,
			stderr: `^(secrets:\d+: [^\n]*\n){10}secrets: and 490 more problems in this file\n$`,
			check:  shortOutput(2000),
		},
		hostileCase{
			name:  "card-etc-passwd",
			entry: "fixlint -rules FILE ./...",
			input: "-rules /etc/passwd",
			want:  "a short error naming /etc/passwd, not its lines; findings still reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				if _, err := os.Stat("/etc/passwd"); err != nil {
					t.Skip("no /etc/passwd")
				}
				demoInto(t, dir)
				return []string{"fixlint", "-rules", "/etc/passwd", "./..."}
			},
			code:   exitError,
			stdout: demoFindings,
			stderr: `/etc/passwd`,
			check: func(t *testing.T, dir string, res runResult) {
				shortOutput(2000)(t, dir, res)
				if strings.Count(res.stderr, "\n") > 12 {
					t.Errorf("%d lines of errors", strings.Count(res.stderr, "\n"))
				}
			},
		},
		hostileCase{
			name:  "card-nul-byte",
			entry: "fixlint rules check",
			input: "a card with a NUL byte in its title",
			want:  "an error naming the file and line; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), strings.Replace(userCard("0"), "a card of", "a\x00card of", 1))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `^USER-0001.yaml:2: control character U\+0000: YAML allows none\n$`,
		},
		hostileCase{
			name:  "card-invalid-utf8",
			entry: "fixlint rules check",
			input: "a card with invalid UTF-8 (\\xff\\xfe) in its title",
			want:  "an error naming the file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "USER-0001.yaml"), strings.Replace(userCard("0"), "a card of", "a \xff\xfe card of", 1))
				return []string{"fixlint", "rules", "check", "USER-0001.yaml"}
			},
			code:   exitError,
			stderr: `^USER-0001.yaml:2: invalid UTF-8 \(byte 0xff\)\n$`,
		},
		hostileCase{
			name:  "card-deep-nesting",
			entry: "fixlint rules check",
			input: "a card whose title is 100,000 '[' (and one of 100,000 '- ')",
			want:  "an error (yaml.v3 stops at depth 10000), no stack overflow; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				writeFile(t, filepath.Join(dir, "a.yaml"), "title: "+strings.Repeat("[", 100_000)+"\n")
				writeFile(t, filepath.Join(dir, "b.yaml"), strings.Repeat("- ", 100_000)+"x\n")
				return []string{"fixlint", "rules", "check", "a.yaml", "b.yaml"}
			},
			code:   exitError,
			stderr: `a.yaml: exceeded max depth of 10000\nb.yaml: exceeded max depth of 10000\n`,
		},
	)
}
