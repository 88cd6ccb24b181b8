// Package testenv says which slow tests run here.
package testenv

import (
	"os"
	"testing"
)

// IntegrationEnv is the environment variable that turns on the slow
// integration tests: those that build golangci-lint or govulncheck from
// the module proxy, or drive a real editor. .ci/run sets it; go test ./...
// without it stays within minutes on a fresh two-core machine.
const IntegrationEnv = "FIXLINT_INTEGRATION"

// Integration skips t unless IntegrationEnv is 1; what says what the test
// does that makes it slow.
func Integration(t testing.TB, what string) {
	t.Helper()
	if os.Getenv(IntegrationEnv) != "1" {
		t.Skipf("integration test (%s): set %s=1 to run it", what, IntegrationEnv)
	}
}

// ProofsEnv is the environment variable that turns on the cards' proofs:
// programs run against the real modules from the module proxy, at the
// last affected and the first fixed release of every card.
const ProofsEnv = "FIXLINT_PROOFS"

// Proofs skips t unless ProofsEnv is 1.
func Proofs(t testing.TB) {
	t.Helper()
	if os.Getenv(ProofsEnv) != "1" {
		t.Skipf("runs against real modules from the module proxy: set %s=1 to run it", ProofsEnv)
	}
}
