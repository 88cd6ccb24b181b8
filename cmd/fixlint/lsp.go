package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/lsp"
)

// lspCmd runs the language server on stdin and stdout until the client
// sends exit: fixlint lsp [flags].
func lspCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts := lsp.Options{Log: stderr}
	fs := flag.NewFlagSet("fixlint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: fixlint lsp [flags]

fixlint lsp is a language server (LSP over stdin and stdout). It checks the
module of each .go file and go.mod that the editor opens or saves, inside the
workspace folders, and publishes the findings as diagnostics, with code
actions: upgrade the module (go get, only when you pick it), apply the
suggested fix, ignore the finding here.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.BoolVar(&opts.Tests, "test", true, "also check test files")
	fs.DurationVar(&opts.Debounce, "debounce", 200*time.Millisecond, "wait this long after the last open or save before checking")
	verbose := fs.Bool("v", false, "copy the server's log (sent to the editor as window/logMessage) to stderr")
	fs.Bool("stdio", true, "talk over stdin and stdout (the only transport; accepted for editors that pass it)")
	fs.Var((*tagsFlag)(&opts.Tags), "tags", "build `tags` to consider satisfied, comma-separated, as go build -tags takes them")
	opts.Config.BindFlags(fs)
	bindMaxAge(fs, &opts.Config)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if opts.Config.OSV == "" {
		opts.DefaultOSV = lspDefaultOSV(opts.Config)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fixlint lsp: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	if !*verbose {
		opts.Log = nil
	}
	if err := lsp.Serve(context.Background(), stdin, stdout, opts); err != nil {
		fmt.Fprintf(stderr, "fixlint lsp: %v\n", err)
		return exitError
	}
	return exitOK
}

// lspDefaultOSV gives the language server the copy of fixlint osv update
// at each check, as the standalone command uses it, and what to say of it.
func lspDefaultOSV(cfg analyzer.Config) func() (path, info, warning string) {
	return func() (string, string, string) {
		c := cfg
		db := chooseDB(&c)
		if db.err != nil {
			return "", "", db.err.Error()
		}
		d := describeDB(db, time.Now())
		return db.path, d.using(), d.Warning
	}
}
