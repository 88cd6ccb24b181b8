package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/fixlint/fixlint/internal/osv"
	"github.com/fixlint/fixlint/internal/vulndb"
)

const osvUsage = `usage:
  fixlint osv update [-stall 30s] [URL]  download the Go vulnerability database (default ` + vulndb.DefaultURL + `)
                                         into the user cache, or bring the copy there up to date
  fixlint osv path                       print the compiled index of that copy, for go vet's -fixlint.osv
  fixlint osv compile DIR FILE           compile an OSV database into an index for -osv
  fixlint osv export [-rules PATH] DIR   write the catalog as an OSV database (govulncheck's -db layout)
`

// osvCmd is fixlint osv: update, path, compile, export.
func osvCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "update":
			return osvUpdate(args[1:], stdout, stderr)
		case "path":
			return osvPath(args[1:], stdout, stderr)
		case "compile":
			return osvCompile(args[1:], stdout, stderr)
		case "export":
			return osvExport(args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, osvUsage)
	return exitUsage
}

// osvCompile is "fixlint osv compile DIR FILE": it turns a Go
// vulnerability database (a directory of OSV records, or govulncheck's -db
// layout) into the index that -osv loads fastest. -osv also accepts the
// directory and compiles it into the user cache by itself; compile
// explicitly to ship one file to CI or to control when it is rebuilt.
func osvCompile(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprint(stderr, osvUsage)
		return exitUsage
	}
	dir, out := args[0], args[1]
	cards, errs, err := osv.CompileDir(dir, out)
	for _, e := range errs {
		fmt.Fprintf(stderr, "fixlint: %v\n", e)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "%s: %d cards from %s\n", out, cards, dir)
	if len(errs) > 0 {
		return exitError
	}
	return exitOK
}

// osvUpdate is "fixlint osv update [URL]", fixlint's one command that uses
// the network, and only when run.
func osvUpdate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fixlint osv update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stall := fs.Duration("stall", 30*time.Second, "give up when the server sends nothing for this long (to connect, to answer, or during a download)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: fixlint osv update [-stall 30s] [URL]

Downloads the Go vulnerability database into the user cache (`+storeHint()+`),
or brings the copy there up to date, fetching only the records that changed.
The standalone command and the language server then use it whenever no -osv is
given; fixlint osv path prints it for go vet and golangci-lint.

URL is a server in the layout of `+vulndb.DefaultURL+` (the default), or a zip of one
(`+vulndb.DefaultURL+`/vulndb.zip), over http, https or file (file:///path/to/vulndb.zip
for a copy made elsewhere). HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "fixlint osv update: one URL at most (got %s)\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	line := &progressLine{w: stderr, on: isTerminal(stderr)}
	res, err := vulndb.Update(ctx, vulndb.Options{URL: fs.Arg(0), Stall: *stall, Progress: line.show})
	line.clear()
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		if prev, cerr := vulndb.Current(); cerr == nil {
			fmt.Fprintf(stderr, "fixlint: the copy in use is unchanged: %s, modified %s, last updated %s\n",
				prev.URL, prev.Modified.UTC().Format(time.DateOnly), ago(prev.Age(time.Now())))
		}
		return exitError
	}
	db := res.Database
	if res.Unchanged {
		fmt.Fprintf(stdout, "fixlint: the Go vulnerability database is up to date (%s, modified %s, %d records)\n",
			db.URL, db.Modified.UTC().Format(time.DateOnly), db.Records)
	} else {
		how := fmt.Sprintf("%d added, %d changed, %d removed", res.Added, res.Changed, res.Removed)
		if res.Previous == nil {
			how = "first download"
		}
		fetched := fmt.Sprintf("%d fetched", res.Fetched)
		if res.Zip {
			fetched += ", from the zip"
		}
		if res.Received > 0 {
			fetched += ", " + megabytes(res.Received) + " received"
		}
		fmt.Fprintf(stdout, "fixlint: updated the Go vulnerability database from %s: modified %s, %d records (%d withdrawn); %s (%s)\n",
			db.URL, db.Modified.UTC().Format(time.DateOnly), db.Records, db.Withdrawn, how, fetched)
	}
	fmt.Fprintf(stdout, "fixlint: %s of records in %s\n", megabytes(db.Bytes), db.Dir)
	return exitOK
}

// osvPath is "fixlint osv path": the compiled index of the copy of fixlint
// osv update. The path names the content (the database's modified time and
// a hash of its records), so a flag that carries it changes when an update
// changes the database, and go vet's cache, keyed on the flag, follows.
func osvPath(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprint(stderr, "usage: fixlint osv path\n")
		return exitUsage
	}
	db, err := vulndb.Open()
	if err != nil {
		fmt.Fprintf(stderr, "fixlint: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stdout, db.Index)
	return exitOK
}

// megabytes spells a size for people: "2.8 MB", "14 kB".
func megabytes(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%.0f kB", max(1, float64(n)/1e3))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// storeHint names the store for the usage text.
func storeHint() string {
	dir, err := vulndb.StoreDir()
	if err != nil {
		return "none here: " + err.Error()
	}
	return dir
}

// progressLine shows an update's progress on one line of a terminal, and
// nothing elsewhere (a log is no place for a hundred progress lines).
type progressLine struct {
	w     io.Writer
	on    bool
	shown bool
	last  time.Time
}

func (l *progressLine) show(p vulndb.Progress) {
	if !l.on {
		return
	}
	var msg string
	switch p.Stage {
	case "waiting":
		msg = "waiting for another fixlint osv update to finish"
	case "index":
		msg = "fetching the index"
	case "zip":
		msg = "fetching the database zip"
	case "records":
		// A terminal need not redraw a thousand times a second.
		if p.Done != p.Total && time.Since(l.last) < 100*time.Millisecond {
			return
		}
		msg = fmt.Sprintf("checking records: %d of %d", p.Done, p.Total)
	case "compiling":
		msg = "compiling the index"
	default:
		return
	}
	l.last = time.Now()
	fmt.Fprintf(l.w, "\r\033[Kfixlint: %s", msg)
	l.shown = true
}

func (l *progressLine) clear() {
	if l.shown {
		fmt.Fprint(l.w, "\r\033[K")
	}
}
