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
	// Statusline is what vim.lsp.util.get_progress_messages() gave at
	// each LspProgressUpdate.
	Statusline []struct {
		Name, Title, Message string
		Done                 bool
	} `json:"statusline"`
	Hovers  []nvimHover `json:"hovers"`
	RootDir string      `json:"root_dir"` // the client's, as the set-up chose it
	Saved   *struct {
		Republished, Alive bool
	} `json:"saved"`
	ServerExit *struct {
		Code int `json:"code"`
	} `json:"server_exit"`
}

// nvimHover is what K did at a position: whether the server replied, with
// null, and the lines of the floating window Neovim opened.
type nvimHover struct {
	File      string
	Line, Col int
	Replied   bool
	Null      bool
	Err       string
	Lines     []string
	Filetype  string
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

// runNeovim runs fixlint lsp under headless Neovim, a real LSP client set
// up as the README says, on a copy of testdata/demo that edit may change
// first (testdata/nvim-diag.lua drives Neovim; env adds its settings).
// The workspace's path has a space and a comma, and Neovim starts outside
// it, so the set-up must find the workspace from the file it opens.
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
	setup := filepath.Join(t.TempDir(), "init.lua")
	if err := os.WriteFile(setup, []byte(readmeNeovimSetup(t)), 0o666); err != nil {
		t.Fatal(err)
	}

	// Build fixlint before demo sets the environment for the demo module;
	// the set-up runs it as "fixlint", from the PATH.
	binDir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, "fixlint"), "github.com/fixlint/fixlint/cmd/fixlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	r := &nvimRun{}
	r.root, r.mod = demoAt(t, filepath.Join(t.TempDir(), "my work, here")) // GOFLAGS=-mod=vendor GOPROXY=off, for the server too
	r.goMod, r.mainGo = filepath.Join(r.mod, "go.mod"), filepath.Join(r.mod, "main.go")
	if edit != nil {
		edit(r.mainGo)
	}
	for i, e := range env {
		env[i] = strings.ReplaceAll(e, "<main.go>", r.mainGo)
		env[i] = strings.ReplaceAll(env[i], "<go.mod>", r.goMod)
	}
	home := t.TempDir() // Neovim's state, config and LSP log go here
	out := filepath.Join(t.TempDir(), "out.json")
	env = append(append(os.Environ(),
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"FIXLINT_SETUP="+setup,
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
	cmd.Dir = t.TempDir() // not the workspace: the set-up finds it from the file
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
	if r.res.RootDir != r.mod {
		t.Errorf("the set-up's root_dir %q, want the module's folder %q", r.res.RootDir, r.mod)
	}
	return r
}

// readmeNeovimSetup returns the README's Neovim set-up: the first Lua
// block of its Neovim section, the one the README says is tested.
func readmeNeovimSetup(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n#### Neovim\n")
	if !ok {
		t.Fatal("README.md has no #### Neovim section")
	}
	section, _, _ = strings.Cut(section, "\n#### ")
	_, block, ok := strings.Cut(section, "\n```lua\n")
	if !ok {
		t.Fatal("README.md's Neovim section has no lua block")
	}
	block, _, ok = strings.Cut(block, "\n```\n")
	if !ok || !strings.Contains(block, "vim.lsp.start_client(") {
		t.Fatalf("README.md's first Neovim block is not the Neovim 0.7 set-up (vim.lsp.start_client):\n%s", block)
	}
	return block + "\n"
}

// TestNeovim: the demo's diagnostics and code actions in a real client.
func TestNeovim(t *testing.T) {
	// K at main.go:17:24 (the "" of SetAuthScheme("")), at go.mod:9:3 (the
	// kin-openapi require line) and at main.go:3:1, where there is nothing.
	r := runNeovim(t, nil, "FIXLINT_ACTION_FILE=<main.go>", "FIXLINT_ACTION_LINE=16",
		`FIXLINT_HOVERS=[["<main.go>", 16, 23], ["<go.mod>", 8, 2], ["<main.go>", 2, 0]]`)
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
		// require line whose problems the code reaches is a warning (2),
		// the call site that reaches one an error (1), low card or high.
		{goMod, "FIX-0002", 9, 1, 37, 2, "https://github.com/go-resty/resty/pull/956"},
		{goMod, "FIX-0003", 8, 1, 39, 2, "https://github.com/getkin/kin-openapi/security/advisories/GHSA-r277-6w6q-xmqw"},
		// main.go:17:23-17:25: the "" of client.SetAuthScheme("").
		{mainGo, "FIX-0002", 16, 22, 24, 1, "https://github.com/go-resty/resty/pull/956"},
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
		if strings.HasPrefix(a.Title, "Upgrade github.com/go-resty/resty/v2 to v2.16.5 (go get)") && a.Command == "fixlint.upgrade" &&
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
	// K: the finding and its card as fixlint explain prints it, in
	// Neovim's hover window; nothing where there is no finding.
	if len(res.Hovers) != 3 {
		t.Fatalf("hovers: %+v; %s", res.Hovers, report())
	}
	for i, w := range []struct{ first, card string }{
		{`**fixlint FIX-0002**: SetAuthScheme("") does not remove the scheme`, "FIX-0002"},
		{"**fixlint FIX-0003**: github.com/getkin/kin-openapi v0.143.0 is affected by FIX-0003", "FIX-0003"},
	} {
		h := res.Hovers[i]
		text := strings.Join(h.Lines, "\n")
		if !h.Replied || h.Null || len(h.Lines) == 0 || !strings.HasPrefix(h.Lines[0], w.first) ||
			!strings.Contains(text, explainText(t, w.card)) {
			t.Errorf("K at %s:%d:%d: %+v\nwant a first line %q and the card as fixlint explain %s prints it", filepath.Base(h.File), h.Line+1, h.Col+1, h, w.first, w.card)
		}
	}
	if h := res.Hovers[2]; !h.Replied || !h.Null || len(h.Lines) > 0 {
		t.Errorf("K where there is no finding: %+v, want a null reply and no window", h)
	}
	// What a statusline shows: the check's stages, then its end.
	if n := len(res.Statusline); n < 3 || res.Statusline[0].Title != "fixlint" || res.Statusline[0].Done ||
		!strings.HasPrefix(res.Statusline[0].Message, "checking ./... in ") ||
		!res.Statusline[n-1].Done || !strings.HasSuffix(res.Statusline[n-1].Message, "findings in 2 files") {
		t.Errorf("vim.lsp.util.get_progress_messages() at each LspProgressUpdate: %+v", res.Statusline)
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
