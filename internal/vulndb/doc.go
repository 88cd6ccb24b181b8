// Package vulndb keeps a copy of the Go vulnerability database in the user
// cache: fixlint osv update downloads it, the standalone command and the
// language server use it when no -osv is given.
//
// This is the only package of fixlint that reaches the network, and only
// from Update, which only the fixlint osv update command calls.
//
// # The store
//
// Under osv.CacheDir()/vulndb:
//
//	lock            held (flock) by an update from start to end
//	current.json    which copy is in use, where it came from, when
//	<copy>/         one copy, named by the database's modified time and a
//	                hash of its records; never changed once written
//	  index/db.json, index/modules.json, index/vulns.json, ID/<id>.json
//	                the database as the server serves it (govulncheck's
//	                -db file:// reads it too)
//	  fixlint-v5.idx the compiled index (osv.IndexFileName)
//
// An update writes a new copy beside the current one and then replaces
// current.json (atomically, by a rename). A failed or interrupted update
// leaves current.json, and so the copy in use, as they were; the next one
// removes what it left. The previous copy is kept, so that a process that
// started with it (go vet, a language server) can finish; older ones are
// removed.
//
// A copy's index path names its content: go vet and golangci-lint key
// their caches on the flag or setting that names the database, so a new
// database must come with a new path (fixlint osv path prints it).
package vulndb
