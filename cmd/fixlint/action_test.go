package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAction runs the GitHub Action's script (scripts/action.sh, which
// action.yml calls) as a runner would: with the action's checkout in
// GITHUB_ACTION_PATH, step outputs in GITHUB_OUTPUT, in a workspace that
// holds a module in a subdirectory.
func TestAction(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "scripts", "action.sh")

	type outcome struct {
		code    int
		outputs map[string]string
		log     *sarifLog
		stdout  string
	}
	runAction := func(t *testing.T, workspace string, inputs ...string) outcome {
		t.Helper()
		output := filepath.Join(t.TempDir(), "github-output")
		env := hermetic(append([]string{
			"GITHUB_ACTION_PATH=" + root, "RUNNER_TEMP=" + t.TempDir(), "GITHUB_OUTPUT=" + output,
			"FIXLINT_WORKING_DIRECTORY=service", "FIXLINT_SARIF_FILE=results/fixlint.sarif",
		}, inputs...)...)
		r := runIn(t, workspace, env, "bash", script)
		o := outcome{code: r.code, outputs: map[string]string{}, stdout: r.stdout + r.stderr}
		data, _ := os.ReadFile(output)
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				o.outputs[k] = v
			}
		}
		if data, err := os.ReadFile(filepath.Join(workspace, "results", "fixlint.sarif")); err == nil {
			o.log = new(sarifLog)
			if err := json.Unmarshal(data, o.log); err != nil {
				t.Fatalf("the SARIF log does not parse: %v\n%s", err, data)
			}
		}
		return o
	}
	workspace := func(t *testing.T, fill func(dir string)) string {
		ws := t.TempDir()
		dir := filepath.Join(ws, "service")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		fill(dir)
		return ws
	}

	t.Run("findings", func(t *testing.T) {
		ws := workspace(t, func(dir string) { demoInto(t, dir) })
		o := runAction(t, ws)
		if o.code != 0 {
			t.Fatalf("exit %d, want 0 (findings do not fail the step by default)\n%s", o.code, o.stdout)
		}
		if o.log == nil || len(o.log.Runs) != 1 || len(o.log.Runs[0].Results) != 6 {
			t.Fatalf("want a SARIF log with the demo's 6 results, got %+v\n%s", o.log, o.stdout)
		}
		if o.outputs["findings"] != "6" || o.outputs["sarif-file"] != filepath.Join(ws, "results", "fixlint.sarif") {
			t.Errorf("step outputs = %v", o.outputs)
		}
		// Code scanning places files from the repository root: the
		// workspace is no repository here, so the module's directory.
		if uri := o.log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "go.mod" {
			t.Errorf("first result's URI = %q, want go.mod", uri)
		}
		if _, err := os.Stat(filepath.Join(ws, "results", "fixlint.sarif.tmp")); err == nil {
			t.Error("the temporary file was left behind")
		}

		if o := runAction(t, ws, "FIXLINT_FAIL_ON_FINDINGS=true"); o.code != 1 || !strings.Contains(o.stdout, "::error::fixlint reported 6 findings") {
			t.Errorf("fail-on-findings: exit %d, want 1\n%s", o.code, o.stdout)
		}
		if o := runAction(t, ws, "FIXLINT_ARGS=-disable FIX-0002,FIX-0003"); o.code != 0 || o.outputs["findings"] != "0" {
			t.Errorf("args -disable: exit %d, outputs %v\n%s", o.code, o.outputs, o.stdout)
		}
	})

	t.Run("clean", func(t *testing.T) {
		ws := workspace(t, func(dir string) {
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/clean\n\ngo 1.22\n")
			writeFile(t, filepath.Join(dir, "clean.go"), "package clean\n")
		})
		o := runAction(t, ws, "FIXLINT_FAIL_ON_FINDINGS=true")
		if o.code != 0 || o.outputs["findings"] != "0" || o.log == nil {
			t.Errorf("clean module: exit %d, outputs %v\n%s", o.code, o.outputs, o.stdout)
		}
	})

	t.Run("error", func(t *testing.T) {
		ws := workspace(t, func(dir string) {
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/broken\n\ngo 1.22\n\nrequire (\n")
		})
		o := runAction(t, ws)
		if o.code != 1 || o.log == nil || o.log.Runs[0].Invocations[0].ExecutionSuccessful {
			t.Errorf("broken go.mod: exit %d, want 1 with a SARIF log saying the run failed\n%s", o.code, o.stdout)
		}
	})
}
