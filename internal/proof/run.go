package proof

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// goEnv is the environment of every go command a proof runs: the module
// proxy and checksum database from the caller's environment (so the real
// module's checksum is verified), no workspace, no toolchain download, and
// -mod=mod so that go mod tidy may write the temporary go.mod.
func goEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
}

// Module writes a temporary module in dir requiring mod at version (and
// pins), copies files into it, resolves the rest with go mod tidy, and
// checks that the build selects exactly version: a pin that another
// requirement raises would prove nothing about version.
func Module(ctx context.Context, dir, name, mod, version string, pins []string, files map[string][]byte) error {
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module %s\n\ngo 1.22\n\nrequire %s %s\n", name, mod, version)
	for _, p := range pins {
		path, v, _ := strings.Cut(p, "@")
		fmt.Fprintf(&gomod, "require %s %s\n", path, v)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod.String()), 0o666); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o666); err != nil {
			return err
		}
	}
	if _, err := Go(ctx, dir, "mod", "tidy"); err != nil {
		return err
	}
	got, err := Go(ctx, dir, "list", "-m", "-f", "{{.Version}}", mod)
	if err != nil {
		return err
	}
	if got = strings.TrimSpace(got); got != version {
		return fmt.Errorf("the build selects %s %s, not %s: another requirement raises it", mod, got, version)
	}
	return nil
}

// Go runs the go command in dir and returns its standard output; an error
// carries the command and its standard error.
func Go(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// Execute builds and runs the proof in spec.Dir at run's version and
// returns what the program printed.
func Execute(ctx context.Context, tmp, mod string, spec *Spec, run Run) (string, error) {
	src, err := os.ReadFile(filepath.Join(spec.Dir, "proof.go"))
	if err != nil {
		return "", err
	}
	if err := Module(ctx, tmp, "fixlint.proof", mod, run.Version, spec.Require, map[string][]byte{"proof.go": src}); err != nil {
		return "", err
	}
	if _, err := Go(ctx, tmp, "build", "-o", "proof.exe", "."); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(tmp, "proof.exe"))
	cmd.Dir = tmp
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("the proof program failed: %v\n%s", err, stderr.String())
	}
	return stdout.String(), nil
}
