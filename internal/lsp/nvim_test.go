package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fixlint/fixlint/internal/testenv"
)

// nvimResult is what testdata/nvim-diag.lua saw.
type nvimResult struct {
	TimedOut bool `json:"timed_out"`
	Files    map[string]struct {
		Filetype    string           `json:"filetype"`
		Publishes   int              `json:"publishes"`
		Diagnostics []nvimDiagnostic `json:"diagnostics"`
	} `json:"files"`
	Actions []struct {
		Title     string                `json:"title"`
		Command   string                `json:"command"`
		Arguments []string              `json:"arguments"`
		Edits     map[string][]TextEdit `json:"edits"`
	} `json:"actions"`
	ActionError any      `json:"action_error"`
	Messages    []string `json:"messages"`
	Progress    []struct {
		Token, Kind, Title, Message string
	} `json:"progress"`
	Hover      string `json:"hover"`
	HoverError any    `json:"hover_error"`
	Saved      *struct {
		Republished, Alive bool
	} `json:"saved"`
	ServerExit *struct {
		Code int `json:"code"`
	} `json:"server_exit"`
}

type nvimDiagnostic struct {
	Lnum, Col, EndLnum, EndCol int
	Severity                   int
	Message, Source, Code      string
	Href                       string
}

// nvimRun is one run of headless Neovim on a copy of testdata/demo.
type nvimRun struct {
	root, mod     string
	goMod, mainGo string
	res           nvimResult
	report        func() string // everything seen, for a failure message
}

// runNeovim runs fixlint lsp under headless Neovim, a real LSP client, on
// a copy of testdata/demo that edit may change first (testdata/nvim-diag.lua
// drives Neovim; env adds its settings).
func runNeovim(t *testing.T, edit func(mainGo string), env ...string) *nvimRun {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is not installed: .ci/run must install Debian's neovim for the end-to-end LSP test")
		}
		t.Skip("nvim is not installed, so the end-to-end test with a real LSP client does not run (on Debian: apt-get install neovim)")
	}
	if testing.Short() {
		t.Skip("builds fixlint and runs Neovim; not with -short")
	}
	testenv.Integration(t, "builds fixlint and drives headless Neovim")
	script, err := filepath.Abs(filepath.Join("testdata", "nvim-diag.lua"))
	if err != nil {
		t.Fatal(err)
	}

	// Build fixlint before demo sets the environment for the demo module.
	bin := filepath.Join(t.TempDir(), "fixlint")
	build := exec.Command("go", "build", "-o", bin, "github.com/fixlint/fixlint/cmd/fixlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	r := &nvimRun{}
	r.root, r.mod = demo(t) // GOFLAGS=-mod=vendor GOPROXY=off, for the server too
	r.goMod, r.mainGo = filepath.Join(r.mod, "go.mod"), filepath.Join(r.mod, "main.go")
	if edit != nil {
		edit(r.mainGo)
	}
	for i, e := range env {
		env[i] = strings.ReplaceAll(e, "<main.go>", r.mainGo)
	}
	home := t.TempDir() // Neovim's state, config and LSP log go here
	out := filepath.Join(t.TempDir(), "out.json")
	env = append(append(os.Environ(),
		"FIXLINT_LSP_CMD="+mustJSON([]string{bin, "lsp"}),
		"FIXLINT_ROOT="+r.root,
		"FIXLINT_FILES="+mustJSON([]string{r.goMod, r.mainGo}),
		"FIXLINT_OUT="+out,
		"FIXLINT_TIMEOUT=150000",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	), env...)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"--cmd", "filetype on", "-c", "luafile "+script)
	cmd.Dir = r.root
	cmd.Env = env
	output, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result (%v): %v\n%s%s", runErr, err, output, nvimLog(home))
	}
	// Neovim's JSON has "end_lnum" and "end_col"; map them by hand.
	fixed := strings.NewReplacer(`"end_lnum"`, `"EndLnum"`, `"end_col"`, `"EndCol"`).Replace(string(data))
	if err := json.Unmarshal([]byte(fixed), &r.res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	r.report = func() string {
		return fmt.Sprintf("nvim: %v\n%s\nresult: %s%s", runErr, output, data, nvimLog(home))
	}
	if runErr != nil || r.res.TimedOut {
		t.Fatalf("no diagnostics in time; %s", r.report())
	}
	return r
}

// TestNeovim: the demo's diagnostics and code actions in a real client.
func TestNeovim(t *testing.T) {
	r := runNeovim(t, nil, "FIXLINT_ACTION_FILE=<main.go>", "FIXLINT_ACTION_LINE=16",
		"FIXLINT_HOVER_FILE=<main.go>", "FIXLINT_HOVER_LINE=16", "FIXLINT_HOVER_COL=23")
	res, goMod, mainGo, mod, report := r.res, r.goMod, r.mainGo, r.mod, r.report

	type want struct {
		file            string
		code            string
		lnum, col, ecol int // 0-based, byte columns as Neovim keeps them
		severity        int
		href            string
	}
	for _, w := range []want{
		// go.mod:10:2-10:38: the resty require line. Severities: a
		// low card in go.mod is information (3), a high one a warning
		// (2); at a call site a low card is a warning, a high one an
		// error (1).
		{goMod, "FIX-0002", 9, 1, 37, 3, "https://github.com/go-resty/resty/pull/956"},
		{goMod, "FIX-0003", 8, 1, 39, 2, "https://github.com/getkin/kin-openapi/security/advisories/GHSA-r277-6w6q-xmqw"},
		// main.go:17:23-17:25: the "" of client.SetAuthScheme("").
		{mainGo, "FIX-0002", 16, 22, 24, 2, "https://github.com/go-resty/resty/pull/956"},
		{mainGo, "FIX-0003", 21, 7, 90, 1, "https://github.com/getkin/kin-openapi/security/advisories/GHSA-r277-6w6q-xmqw"},
	} {
		found := false
		for _, d := range res.Files[w.file].Diagnostics {
			if d.Code == w.code && d.Lnum == w.lnum {
				found = true
				if d.Col != w.col || d.EndLnum != w.lnum || d.EndCol != w.ecol || d.Severity != w.severity || d.Source != "fixlint" || d.Href != w.href {
					t.Errorf("%s: %s diagnostic = %+v, want %+v", filepath.Base(w.file), w.code, d, w)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s diagnostic on line %d; %s", filepath.Base(w.file), w.code, w.lnum+1, report())
		}
	}
	if ft := res.Files[mainGo].Filetype; ft != "go" {
		t.Errorf("main.go filetype %q: Neovim's filetype detection is off", ft)
	}

	// The code actions at the start of main.go's line 17, with the line's
	// diagnostics, as vim.lsp.buf.code_action() asks.
	var titles []string
	var upgrade, ignore bool
	for _, a := range res.Actions {
		titles = append(titles, a.Title)
		if a.Title == "Upgrade github.com/go-resty/resty/v2 to v2.16.5 (go get)" && a.Command == "fixlint.upgrade" &&
			strings.Join(a.Arguments, " ") == mod+" github.com/go-resty/resty/v2 v2.16.5" {
			upgrade = true
		}
		if a.Title == "Ignore FIX-0002 here" {
			for _, edits := range a.Edits {
				ignore = len(edits) == 1 && edits[0].NewText == "\t//fixlint:ignore FIX-0002 reason\n" && edits[0].Range.Start == (Position{16, 0})
			}
		}
	}
	if !upgrade || !ignore {
		t.Errorf("code actions %q (error %v): want the upgrade command and the ignore edit", titles, res.ActionError)
	}
	// K on the "" of SetAuthScheme(""): the finding and its card, as
	// fixlint explain prints it.
	if !strings.Contains(res.Hover, "**fixlint FIX-0002**: SetAuthScheme(\"\") does not remove the scheme") ||
		!strings.Contains(res.Hover, "# FIX-0002:") {
		t.Errorf("hover at main.go:17:24 = %q (error %v)", res.Hover, res.HoverError)
	}
	// Neovim 0.7 takes work-done progress: the check began, reported and
	// ended under one token.
	var kinds []string
	for _, p := range res.Progress {
		if p.Token != res.Progress[0].Token {
			t.Errorf("progress under two tokens: %+v", res.Progress)
			break
		}
		kinds = append(kinds, p.Kind)
	}
	if len(kinds) < 3 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" || res.Progress[0].Title != "fixlint" {
		t.Errorf("progress seen by Neovim: %+v", res.Progress)
	}
	if res.ServerExit == nil || res.ServerExit.Code != 0 {
		t.Errorf("the server's exit after shutdown: %+v", res.ServerExit)
	}
	if data, _ := os.ReadFile(goMod); !strings.Contains(string(data), "resty/v2 v2.16.3") {
		t.Errorf("go.mod changed without the command:\n%s", data)
	}
}

// TestNeovimTypeError: a Go file with a type error right after a
// triggering call, opened and then saved in a real client. The analyzer
// once panicked on it in a checker goroutine, which killed the server; now
// the server stays up after both checks and keeps publishing the call
// site's and go.mod's diagnostics.
func TestNeovimTypeError(t *testing.T) {
	r := runNeovim(t, func(mainGo string) {
		data, err := os.ReadFile(mainGo)
		if err != nil {
			t.Fatal(err)
		}
		const call = "client.SetAuthScheme(\"\")\n"
		if !strings.Contains(string(data), call) {
			t.Fatalf("the demo no longer has %q", call)
		}
		src := strings.Replace(string(data), call, call+"\tundefinedFunc()\n", 1)
		if err := os.WriteFile(mainGo, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}, "FIXLINT_SAVE=1")
	if s := r.res.Saved; s == nil || !s.Republished || !s.Alive {
		t.Fatalf("after saving the files: %+v, want both republished by a live server; %s", s, r.report())
	}
	has := func(file, code string, lnum int) bool {
		for _, d := range r.res.Files[file].Diagnostics {
			if d.Code == code && d.Lnum == lnum {
				return true
			}
		}
		return false
	}
	// main.go:17: client.SetAuthScheme(""), line 18 the type error;
	// go.mod:10: the resty require line.
	if !has(r.mainGo, "FIX-0002", 16) || !has(r.goMod, "FIX-0002", 9) {
		t.Errorf("after the save, want FIX-0002 at main.go:17 and go.mod:10; %s", r.report())
	}
	if r.res.ServerExit == nil || r.res.ServerExit.Code != 0 {
		t.Errorf("the server's exit after shutdown: %+v", r.res.ServerExit)
	}
}

// nvimLog returns Neovim's LSP log (the server's stderr lands there).
func nvimLog(home string) string {
	var b strings.Builder
	filepath.WalkDir(home, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".log") {
			data, _ := os.ReadFile(path)
			fmt.Fprintf(&b, "\n--- %s\n%s", path, clip(string(data), 20000))
		}
		return nil
	})
	return b.String()
}
