// Package golangci is fixlint's golangci-lint v2 module plugin. Importing it
// registers the linter "fixlint" with
// github.com/golangci/plugin-module-register, so that a golangci-lint binary
// built with `golangci-lint custom` (or any build that blank-imports this
// package) can run fixlint's analyzer.
//
// Build a custom binary with a .custom-gcl.yml:
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/fixlint/fixlint
//	    import: github.com/fixlint/fixlint/golangci
//	    version: latest # or a release tag
//
// and enable the linter in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - fixlint
//	  settings:
//	    custom:
//	      fixlint:
//	        type: module
//	        description: known problems fixed in later releases of your dependencies
//	        settings:
//	          rules: [./fixcards]      # extra card files or directories
//	          disable: [FIX-0004]      # card IDs not to report
//	          severity: medium         # lowest severity: low, medium, high, critical
//
// The settings are decoded strictly: an unknown key is an error. "osv" names
// a Go vulnerability database (a directory of OSV records, govulncheck's -db
// layout, an index from fixlint osv compile, or "update" for the copy that
// fixlint osv update keeps). Relative paths are resolved against the
// directory golangci-lint runs in. With a database, BuildAnalyzers adds an
// analyzer named after the database's content, so that golangci-lint's
// cache follows the database.
//
// golangci-lint reports only findings in Go files and in go.mod, and fixlint
// can report in go.mod only as the standalone command: under golangci-lint
// the module findings appear at the imports and the symbol findings at the
// call sites. golangci-lint also keeps one issue per line by default
// (issues.uniq-by-line).
package golangci
