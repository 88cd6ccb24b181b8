package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows about the configuration file (-config, .fixlint.yaml) and the JSON
// config line. A configuration file changes what is reported: it must be
// read only if it belongs to the project, never act unseen, and be refused
// like any other hostile file when it is not a small regular file.

// cleanModule writes a module with no dependency: a run with no findings.
func cleanModule(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/clean\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "clean.go"), "package clean\n")
}

// disableAll is a configuration that silences every demo finding.
const disableAll = "disable: [FIX-0002, FIX-0003, FIX-0004]\n"

func init() {
	addHostile(
		hostileCase{
			name:  "config-fifo",
			entry: "fixlint -config FILE ./...",
			input: "-config names a FIFO",
			want:  "an error naming it, never a blocked read; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				fifoAt(t, filepath.Join(dir, "fifo"))
				return []string{"fixlint", "-config", "fifo", "./..."}
			},
			code:   exitError,
			stderr: `^fixlint: fifo: not a regular file \(a FIFO\)\n$`,
		},
		hostileCase{
			name:  "config-directory",
			entry: "fixlint -config FILE ./...",
			input: "-config names a directory",
			want:  "an error naming it: not a regular file; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				os.Mkdir(filepath.Join(dir, "conf"), 0o777)
				return []string{"fixlint", "-config", "conf", "./..."}
			},
			code:   exitError,
			stderr: `^fixlint: conf: not a regular file \(a directory\)\n$`,
		},
		hostileCase{
			name:  "config-dev-zero",
			entry: "fixlint -config FILE ./...",
			input: "-config /dev/zero (endless)",
			want:  "an error naming it, nothing read; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
				cleanModule(t, dir)
				return []string{"fixlint", "-config", "/dev/zero", "./..."}
			},
			code:   exitError,
			stderr: `^fixlint: /dev/zero: not a regular file \(a device\)\n$`,
		},
		hostileCase{
			name:  "config-too-large",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml of 100 KB (comments)",
			want:  "an error naming it: larger than 64 KiB; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), strings.Repeat("# "+strings.Repeat("x", 98)+"\n", 1000))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `fixlint: .*\.fixlint\.yaml: larger than 64 KiB`,
		},
		hostileCase{
			name:  "config-parent-above-module",
			entry: "fixlint -C DIR ./...",
			input: "a .fixlint.yaml disabling every card in the directory above a module that no repository holds",
			want:  "not used, and named as not used; the findings are reported; exit 3",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, filepath.Join(dir, "mod"))
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), disableAll)
				return []string{"fixlint", "-C", "mod", "./..."}
			},
			code:   exitFindings,
			stdout: demoFindings,
			stderr: `^fixlint: not using /.*/\.fixlint\.yaml: it is outside this project .*pass -config to use it\nfixlint: \d+ known problems?: [^\n]*\n$`,
		},
		hostileCase{
			name:  "config-parent-above-module-json",
			entry: "fixlint -format json ./...",
			input: "a .fixlint.yaml in the directory above a module that no repository holds, JSON output",
			want:  "not used; the config line names it as config_ignored; exit 0",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, filepath.Join(dir, "mod"))
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), disableAll)
				return []string{"fixlint", "-C", "mod", "-format", "json", "./..."}
			},
			code:   exitOK,
			stdout: `^\{"config":\{[^\n]*"config_ignored":"/[^"]*/\.fixlint\.yaml"[,}][^\n]*\n.*"finding"`,
		},
		hostileCase{
			name:  "config-module-root",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml at the module root (no repository), run from a subdirectory",
			want:  "used, and named on stderr; exit 3",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "disable: [FIX-0003]\n")
				os.Mkdir(filepath.Join(dir, "sub"), 0o777)
				return []string{"fixlint", "-C", "sub", "../..."}
			},
			code:   exitFindings,
			stdout: `FIX-0002`,
			stderr: `^fixlint: using config /.*/\.fixlint\.yaml\nfixlint: \d+ known problems?: [^\n]*\n$`,
			check: func(t *testing.T, dir string, res runResult) {
				if strings.Contains(res.stdout, "FIX-0003") {
					t.Errorf("the config's disable: [FIX-0003] was not applied:\n%s", res.stdout)
				}
			},
		},
		hostileCase{
			name:  "config-repository-root",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml at a repository's root (.git), the module in a subdirectory of it",
			want:  "used, and named on stderr; exit 0 (every card disabled)",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				os.Mkdir(filepath.Join(dir, ".git"), 0o777)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), disableAll)
				demoInto(t, filepath.Join(dir, "svc"))
				return []string{"fixlint", "-C", "svc", "./..."}
			},
			code:   exitOK,
			stdout: `^$`,
			stderr: `^fixlint: using config /.*/\.fixlint\.yaml\n$`,
		},
		hostileCase{
			name:  "config-sarif-names-file",
			entry: "fixlint -format sarif ./...",
			input: "a .fixlint.yaml at the module root, SARIF output",
			want:  "the run's properties name it (configFile); exit 0",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "severity: low\n")
				return []string{"fixlint", "-format", "sarif", "./..."}
			},
			code:   exitOK,
			stdout: `"properties": \{\s*"configFile": "\.fixlint\.yaml"\s*\}`,
		},
		hostileCase{
			name:  "config-unknown-key",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml with a misspelt key (severty)",
			want:  "an error naming file and line; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "disable: [FIX-0003]\nseverty: high\n")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `\.fixlint\.yaml:2: field severty not found in configFile`,
		},
		hostileCase{
			name:  "config-alias",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml using a YAML anchor and alias",
			want:  "an error at the anchor's line; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "severity: &s low\ndisable: [*s]\n")
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stderr: `\.fixlint\.yaml:1: YAML anchor &s: anchors and aliases are not allowed in this file`,
		},
		hostileCase{
			name:  "config-rules-fifo",
			entry: "fixlint ./...",
			input: "a .fixlint.yaml whose rules: names a FIFO",
			want:  "an error naming the FIFO, never a blocked read; findings still reported; exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				demoInto(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "rules: [./cards.yaml]\n")
				fifoAt(t, filepath.Join(dir, "cards.yaml"))
				return []string{"fixlint", "./..."}
			},
			code:   exitError,
			stdout: demoFindings,
			stderr: `cards.yaml: not a regular file \(a FIFO\)`,
		},
		hostileCase{
			name:  "config-json-clean-run",
			entry: "fixlint -format json ./...",
			input: "a module with no findings, JSON output",
			want:  "exactly one config line (there was a second, {\"config\":null}); exit 0",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				return []string{"fixlint", "-format", "json", "./..."}
			},
			code:   exitOK,
			stdout: `^\{"config":\{"protocol_version":"v1","scanner_name":"fixlint",[^\n]*\}\}\n(\{"progress":\{[^\n]*\}\}\n)*$`,
		},
		hostileCase{
			name:  "config-json-names-file",
			entry: "fixlint -format json ./...",
			input: "a .fixlint.yaml at the module root, JSON output",
			want:  "the one config line names it (config_file); exit 0",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cleanModule(t, dir)
				writeFile(t, filepath.Join(dir, ".fixlint.yaml"), "severity: low\n")
				return []string{"fixlint", "-format", "json", "./..."}
			},
			code: exitOK,
			check: func(t *testing.T, dir string, res runResult) {
				var lines []string // the config lines; progress lines follow them
				for _, l := range strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n") {
					if !strings.HasPrefix(l, `{"progress":`) {
						lines = append(lines, l)
					}
				}
				var msg struct {
					Config *struct {
						ConfigFile string `json:"config_file"`
					}
				}
				if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &msg) != nil || msg.Config == nil || msg.Config.ConfigFile != ".fixlint.yaml" {
					t.Errorf("want one config line with config_file .fixlint.yaml; got:\n%s", res.stdout)
				}
			},
		},
	)
}
