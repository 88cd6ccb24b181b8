package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile-input table: one row per case of input a user, an editor, a
// committed file or a broken machine can hand fixlint, the entry point it
// reaches, and what fixlint must do. Rows live in hostile_*_test.go, one
// file per area, and register themselves in init; TestHostileInput runs
// them all against the built command, so every row exercises the real
// entry point (flags, config, go command, output), not a unit below it.
//
// Every row also gets the checks every entry point owes the user: no
// panic or runtime trace in the output, done within its time limit, and
// the exit code the row names (0 no findings, 1 error, 2 usage, 3
// findings).
//
// go test -run 'TestHostileInput' -v ./cmd/fixlint lists the rows.

// hostileCase is one row of the table.
type hostileCase struct {
	name  string // short, unique: the subtest's name
	entry string // the entry point, as a user would type it ("fixlint ./...", "fixlint lsp", "go vet -vettool")
	input string // the hostile input, in a few words
	want  string // the outcome fixlint owes, in a few words

	// setup builds the input in dir, an empty temporary directory, and
	// returns the command line to run there: the first word is "fixlint"
	// (the binary under test) or "go"; "$DIR" in a word is replaced by
	// dir. It may set the row's environment and standard input through r.
	setup func(t *testing.T, dir string, r *hostileRun) []string

	code    int           // the exit code wanted
	timeout time.Duration // 0: 60 s

	// stdout and stderr, when set, are regular expressions the output must
	// match (as a whole stream, (?s) implied).
	stdout, stderr string
	// check, when set, asserts more after the run (a file left untouched,
	// say).
	check func(t *testing.T, dir string, res runResult)
}

// hostileRun is what setup may adjust about the run.
type hostileRun struct {
	env   []string  // added to hermetic()
	stdin io.Reader // nil: no input
}

var hostileCases []hostileCase

func addHostile(cases ...hostileCase) { hostileCases = append(hostileCases, cases...) }

// minHostileRows is what the table must keep at least (issue 11 asked for
// 40): a row removed by accident fails the test.
const minHostileRows = 40

func TestHostileTableSize(t *testing.T) {
	if len(hostileCases) < minHostileRows {
		t.Errorf("the hostile-input table has %d rows, want at least %d", len(hostileCases), minHostileRows)
	}
}

func TestHostileInput(t *testing.T) {
	names := make(map[string]bool)
	cases := append([]hostileCase(nil), hostileCases...)
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].entry < cases[j].entry })
	for _, c := range cases {
		if names[c.name] {
			t.Errorf("two rows named %q", c.name)
		}
		names[c.name] = true
		if c.entry == "" || c.input == "" || c.want == "" {
			t.Errorf("row %q: entry, input and want must say what the row is", c.name)
		}
		t.Run(c.name, func(t *testing.T) {
			t.Logf("entry: %s | input: %s | want: %s", c.entry, c.input, c.want)
			runHostile(t, c)
		})
	}
}

var crashed = regexp.MustCompile(`(?m)^(panic: |fatal error: |goroutine \d+ \[|runtime: )`)

func runHostile(t *testing.T, c hostileCase) {
	dir := t.TempDir()
	var hr hostileRun
	argv := c.setup(t, dir, &hr)
	if len(argv) == 0 {
		t.Fatal("setup returned no command")
	}
	for i, a := range argv {
		argv[i] = strings.ReplaceAll(a, "$DIR", dir)
	}
	name := argv[0]
	if name == "fixlint" {
		name = fixlintBin
	}
	timeout := c.timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, argv[1:]...)
	cmd.Dir = dir
	cmd.Env = hermetic(hr.env...)
	cmd.Stdin = hr.stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	res := runResult{stdout: stdout.String(), stderr: stderr.String()}
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %v (hang); stderr:\n%s", strings.Join(argv, " "), timeout, clip(res.stderr))
	}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: %v", strings.Join(argv, " "), err)
		}
		res.code = ee.ExitCode()
	}
	t.Logf("%s: exit %d in %v", strings.Join(argv, " "), res.code, time.Since(start).Round(time.Millisecond))
	if crashed.MatchString(res.stdout) || crashed.MatchString(res.stderr) {
		t.Fatalf("crashed:\n--- stdout\n%s\n--- stderr\n%s", clip(res.stdout), clip(res.stderr))
	}
	if res.code != c.code {
		t.Errorf("exit %d, want %d\n--- stdout\n%s\n--- stderr\n%s", res.code, c.code, clip(res.stdout), clip(res.stderr))
	}
	if c.stdout != "" && !regexp.MustCompile("(?s)"+c.stdout).MatchString(res.stdout) {
		t.Errorf("stdout does not match %q:\n%s", c.stdout, clip(res.stdout))
	}
	if c.stderr != "" && !regexp.MustCompile("(?s)"+c.stderr).MatchString(res.stderr) {
		t.Errorf("stderr does not match %q:\n%s", c.stderr, clip(res.stderr))
	}
	if c.check != nil {
		c.check(t, dir, res)
	}
}

// clip keeps test logs readable when a run prints megabytes.
func clip(s string) string {
	const max = 4000
	if len(s) > max {
		return s[:max] + "\n[... " + strconv.Itoa(len(s)-max) + " more bytes]"
	}
	return s
}

// writeFile writes a test input, creating its directory.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(dirOf(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

// demoInto copies testdata/demo into dir (a module with affected vendored
// dependencies and a triggering call).
func demoInto(t *testing.T, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/demo")); err != nil {
		t.Fatal(err)
	}
}

// fifoAt makes a FIFO at path, or skips the row where there are none.
func fifoAt(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// sameFile asserts that path still holds want.
func sameFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed (%d bytes, was %d)", path, len(got), len(want))
	}
}
