package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fixlint/fixlint/internal/testenv"
)

// TestUpgradeRealPlans plans upgrades of real modules from the module
// proxy, with fixlint's own cards (-osv=off):
//   - inline: golang.org/x/crypto v0.35.0 => v0.52.0 fixes three cards,
//     and v0.52.0's //go:fix inline on sha3.New256 moves the call to
//     crypto/sha3; -apply makes it and the module builds;
//   - nothing-breaks: go.uber.org/zap v1.19.1 => v1.20.0 fixes FIX-0020
//     and breaks nothing the code uses, and says so;
//   - brings: otlptracegrpc v1.26.0 => v1.27.0, named, moves
//     google.golang.org/grpc from v1.63.2 to v1.64.0, which has FIX-0033.
func TestUpgradeRealPlans(t *testing.T) {
	testenv.Integration(t, "downloads x/crypto, zap and otlptracegrpc versions from the module proxy")
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	setup := func(t *testing.T, gomod, main string) string {
		t.Helper()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "go.mod"), gomod)
		writeFile(t, filepath.Join(dir, "main.go"), main)
		if r := runIn(t, dir, append(env, "GOFLAGS=-mod=mod"), "go", "mod", "tidy"); r.code != 0 {
			t.Fatalf("go mod tidy (needs the module proxy): %s", r.stderr)
		}
		return dir
	}
	contains := func(t *testing.T, r runResult, wants ...string) {
		t.Helper()
		for _, want := range wants {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("output lacks %q (exit %d):\n%s%s", want, r.code, r.stdout, r.stderr)
			}
		}
	}

	t.Run("inline", func(t *testing.T) {
		dir := setup(t, "module example.com/hash\n\ngo 1.23\n\nrequire golang.org/x/crypto v0.35.0\n", `package main

import (
	"fmt"

	"golang.org/x/crypto/sha3"
)

func main() {
	h := sha3.New256()
	h.Write([]byte("fixlint"))
	fmt.Printf("%x\n", h.Sum(nil))
}
`)
		digest := runIn(t, dir, env, "go", "run", ".")
		r := runIn(t, dir, env, fixlintBin, "upgrade", "-osv=off", "./...")
		contains(t, r,
			"golang.org/x/crypto v0.35.0 => v0.52.0 (go get golang.org/x/crypto@v0.52.0)\n  fixes 3:\n",
			"breaks nothing in your code",
			"main.go:10:7: sha3.New256 is inlined, as its //go:fix inline directive in golang.org/x/crypto v0.52.0 asks\n",
			"    +\t\"crypto/sha3\"\n",
			"    -\th := sha3.New256()\n    +\th := hash.Hash(sha3.New256())\n",
		)
		r = runIn(t, dir, env, fixlintBin, "upgrade", "-apply", "-osv=off", "./...")
		contains(t, r, "applied: 1 migration of golang.org/x/crypto in 1 file\n", "known problems left: 0\n")
		if r.code != exitOK {
			t.Errorf("-apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// The program builds, and crypto/sha3 gives x/crypto's digest.
		if r := runIn(t, dir, env, "go", "run", "."); r.code != 0 || digest.code != 0 || r.stdout != digest.stdout {
			t.Errorf("go run after -apply: exit %d: %s%s (before: %s)", r.code, r.stdout, r.stderr, digest.stdout)
		}
	})

	t.Run("nothing-breaks", func(t *testing.T) {
		dir := setup(t, "module example.com/logs\n\ngo 1.22\n\nrequire go.uber.org/zap v1.19.1\n", `package main

import "go.uber.org/zap"

func main() {
	logger, _ := zap.NewProduction()
	defer logger.Sync()
	logger.Info("started", zap.String("service", "logs"))
}
`)
		r := runIn(t, dir, env, fixlintBin, "upgrade", "-osv=off", "go.uber.org/zap@v1.20.0", "./...")
		contains(t, r,
			"go.uber.org/zap v1.19.1 => v1.20.0 (go get go.uber.org/zap@v1.20.0)\n",
			"FIX-0020 in go.uber.org/zap v1.19.1",
			"breaks nothing in your code: the 1 package checked type-checks at the new versions\n",
		)
		if strings.Contains(r.stdout, "migrates") || r.code != exitOK {
			t.Errorf("exit %d, want no migration:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("brings", func(t *testing.T) {
		const otlp = "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
		dir := setup(t, "module example.com/traces\n\ngo 1.22\n\nrequire "+otlp+" v1.26.0\n", `package main

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
)

func main() {
	exp, err := otlptracegrpc.New(context.Background(), otlptracegrpc.WithInsecure())
	if err == nil {
		_ = exp.Shutdown(context.Background())
	}
}
`)
		r := runIn(t, dir, env, fixlintBin, "upgrade", "-osv=off", otlp+"@v1.27.0", "./...")
		contains(t, r,
			"  fixes no known problem\n",
			"  moves google.golang.org/grpc v1.63.2 => v1.64.0\n",
			"  brings FIX-0033 in google.golang.org/grpc v1.64.0: ",
			"breaks nothing in your code",
		)
	})
}
