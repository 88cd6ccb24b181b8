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
)

// TestNeovim runs fixlint lsp under headless Neovim, a real LSP client,
// on a copy of testdata/demo (testdata/nvim-diag.lua drives Neovim).
func TestNeovim(t *testing.T) {
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

	root, mod := demo(t) // GOFLAGS=-mod=vendor GOPROXY=off, for the server too
	goMod, mainGo := filepath.Join(mod, "go.mod"), filepath.Join(mod, "main.go")
	home := t.TempDir() // Neovim's state, config and LSP log go here
	out := filepath.Join(t.TempDir(), "out.json")
	env := append(os.Environ(),
		"FIXLINT_LSP_CMD="+mustJSON([]string{bin, "lsp"}),
		"FIXLINT_ROOT="+root,
		"FIXLINT_FILES="+mustJSON([]string{goMod, mainGo}),
		"FIXLINT_OUT="+out,
		"FIXLINT_TIMEOUT=150000",
		"FIXLINT_ACTION_FILE="+mainGo,
		"FIXLINT_ACTION_LINE=16",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"--cmd", "filetype on", "-c", "luafile "+script)
	cmd.Dir = root
	cmd.Env = env
	output, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result (%v): %v\n%s%s", runErr, err, output, nvimLog(home))
	}
	var res struct {
		TimedOut bool `json:"timed_out"`
		Files    map[string]struct {
			Filetype    string `json:"filetype"`
			Publishes   int    `json:"publishes"`
			Diagnostics []struct {
				Lnum, Col, EndLnum, EndCol int
				Severity                   int
				Message, Source, Code      string
				Href                       string
			} `json:"diagnostics"`
		} `json:"files"`
		Actions []struct {
			Title     string                `json:"title"`
			Command   string                `json:"command"`
			Arguments []string              `json:"arguments"`
			Edits     map[string][]TextEdit `json:"edits"`
		} `json:"actions"`
		ActionError any      `json:"action_error"`
		Messages    []string `json:"messages"`
		ServerExit  *struct {
			Code int `json:"code"`
		} `json:"server_exit"`
	}
	// Neovim's JSON has "end_lnum" and "end_col"; map them by hand.
	fixed := strings.NewReplacer(`"end_lnum"`, `"EndLnum"`, `"end_col"`, `"EndCol"`).Replace(string(data))
	if err := json.Unmarshal([]byte(fixed), &res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	report := func() string {
		return fmt.Sprintf("nvim: %v\n%s\nresult: %s%s", runErr, output, data, nvimLog(home))
	}
	if runErr != nil || res.TimedOut {
		t.Fatalf("no diagnostics in time; %s", report())
	}

	type want struct {
		file            string
		code            string
		lnum, col, ecol int // 0-based, byte columns as Neovim keeps them
		severity        int
		href            string
	}
	for _, w := range []want{
		// go.mod:10:2-10:38: the resty require line.
		{goMod, "FIX-0002", 9, 1, 37, 3, "https://github.com/go-resty/resty/pull/956"},
		{goMod, "FIX-0003", 8, 1, 39, 1, "https://github.com/getkin/kin-openapi/security/advisories/GHSA-r277-6w6q-xmqw"},
		// main.go:17:23-17:25: the "" of client.SetAuthScheme("").
		{mainGo, "FIX-0002", 16, 22, 24, 3, "https://github.com/go-resty/resty/pull/956"},
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
	if res.ServerExit == nil || res.ServerExit.Code != 0 {
		t.Errorf("the server's exit after shutdown: %+v", res.ServerExit)
	}
	if data, _ := os.ReadFile(goMod); !strings.Contains(string(data), "resty/v2 v2.16.3") {
		t.Errorf("go.mod changed without the command:\n%s", data)
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
