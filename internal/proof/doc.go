// Package proof runs each fix card's proof: a small program, kept in
// testdata/proofs/<ID>, that shows the card's behaviour against the real
// module from the Go module proxy, at the last affected release and at the
// first fixed one, and runs the fix options that are code.
//
// A proof directory holds proof.go (package main), proof.yaml (the versions
// to run it at and what each must show) and one <version>.golden per run:
// the program's exact output. A proof's versions are checked against its
// card's ranges, so a card's first fixed version and the behaviour it
// describes are re-runnable claims, not prose.
//
// The proofs need the module proxy and take minutes; they run when
// FIXLINT_PROOFS=1 is set (.ci/run sets it). The shape of every proof
// directory is checked always, with no network.
package proof
