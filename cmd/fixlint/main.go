// Command fixlint reports Go module dependencies below the release that
// fixes a known problem, and code that triggers a known problem in the
// version the build selects.
//
// Usage:
//
//	fixlint [flags] [packages]        check packages and their modules' go.mod
//	fixlint explain ID                print a fix card in full
//	fixlint rules list [-module M]    list the cards
//	fixlint rules check PATH...       validate card files
//	fixlint osv update [URL]          download the Go vulnerability database, used when no -osv is given
//	fixlint osv path                  print its index, for go vet's -fixlint.osv
//	fixlint osv compile DIR FILE      compile an OSV database for -osv
//	fixlint version [-osv DB]         print the version and what the catalog and database hold
//	go vet -vettool=$(command -v fixlint) [packages]
//
// Exit status: 0 no findings, 3 findings, 1 an error (bad input: a go.mod,
// card or package that cannot be read; findings are still printed), 2 a
// usage error. With -format json the exit status is 0 unless there is an
// error, as with govulncheck, because the output is for other programs.
// With -fix: 0 when every fix was applied, 1 when one failed or the
// upgrades brought in an affected version (or on an error).
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/fixlint/fixlint/analyzer"
)

const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		// go vet asks for the tool's version before anything else; the
		// line it gets is part of its cache key.
		os.Exit(vetVersion(os.Stdout, os.Stderr))
	}
	if vetInvocation(os.Args[1:]) {
		// go vet runs the tool once per package with a .cfg file, and
		// asks it -flags first (and -V=full, answered above).
		startGCLate(os.Getenv)
		unitchecker.Main(analyzer.Analyzer)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// vetInvocation tells the go vet protocol apart from the standalone command.
func vetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	for _, a := range args {
		if a == "-V=full" || a == "-V" || a == "-flags" {
			return true
		}
	}
	return strings.HasSuffix(args[len(args)-1], ".cfg")
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "rules":
			return rulesCmd(args[1:], stdout, stderr)
		case "lsp":
			return lspCmd(args[1:], os.Stdin, stdout, stderr)
		case "osv":
			return osvCmd(args[1:], stdout, stderr)
		case "upgrade":
			return upgradeCmd(args[1:], stdout, stderr)
		case "version":
			// The same as -version, with the flags that say which
			// database (-osv, -config, -C).
			return check(append([]string{"-version"}, args[1:]...), stdout, stderr)
		case "help":
			usage(stdout)
			return exitOK
		}
	}
	return check(args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `fixlint reports Go module dependencies below the release that fixes a known
problem, and code that triggers a known problem in the version in use.

Usage:
  fixlint [flags] [packages]        check packages (default ./...) and the go.mod of their modules
  fixlint upgrade [module@version] plan upgrades: what each fixes, moves and breaks (changes nothing)
  fixlint explain ID                print a fix card in full
  fixlint rules list [-module M]    list the cards (ID, module, kind, first fixed, title)
  fixlint rules check PATH...       validate card files and directories
  fixlint osv update [URL]          download the Go vulnerability database into the user cache, or
                                    update it (the one command that uses the network); checks and
                                    the language server use it when no -osv is given (-osv=off: not)
  fixlint osv path                  print the compiled index of that copy, for go vet's -fixlint.osv
  fixlint osv compile DIR FILE      compile an OSV database into an index for -osv
  fixlint version [-osv DB]         print fixlint's version, the Go version that built it, and how
                                    many cards and records the catalog and the -osv database (or
                                    the config file's osv) hold, and how fresh they are (also -version)
  go vet -vettool=$(command -v fixlint) [-fixlint.osv=$(fixlint osv path)] [-fixlint.rules=DIR] [packages]

Exit status: 0 no findings, 3 findings, 1 error (findings are still printed), 2 usage.
With -fix: 0 every fix applied, 1 a fix failed or the upgrades brought in an affected
version (or an error).

Flags:
`)
}
