// Package analyzer defines fixlint's analyzer.
//
// # Analyzer fixlint
//
// fixlint: report dependencies below the release that fixes a known problem, and code that triggers it
//
// fixlint knows fix cards: one known problem in one Go module each, with the
// versions it affects, the first release that fixes it, and the code
// patterns that hit it. It reports two kinds of findings.
//
// At the import of a package whose module, at the version the build
// selects, is affected by a card with a fixed release:
//
//	import "github.com/go-resty/resty/v2" // github.com/go-resty/resty/v2 v2.16.3 is affected by FIX-0002: ...; run go get github.com/go-resty/resty/v2@v2.16.5
//
// At a call site, composite literal or assignment that matches one of a
// card's triggers, when the version in use is affected (pitfalls, which are
// documented behaviour, whatever the version):
//
//	client.R().SetAuthScheme("") // SetAuthScheme("") does not clear the auth scheme in ...
//
// The version of each dependency comes from the driver (pass.Module) and
// travels to the packages that import it as a fact of the
// module-information pass (ModuleInfoAnalyzer, which fixlint requires), so
// the analyzer never reads go.mod and go vet's cache stays correct. (NewWithModules takes
// them from a table instead, for a driver that loads the import graph
// itself.) The standard library's own packages are not checked. A dependency replaced by a
// directory has no knowable version: fixlint says so once per module and
// reports nothing else for it.
//
// A finding is silenced by a directive on its line or the line above, with a
// reason:
//
//	//fixlint:ignore FIX-0002 this client never holds a token
//
// A directive that silences nothing is itself reported.
//
// Flags: -rules adds card files or directories to the embedded catalog,
// -disable turns cards off by ID, -severity sets the lowest severity
// reported (low, medium, high, critical).
package analyzer
