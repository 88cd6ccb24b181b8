package main

import (
	"path/filepath"
	"testing"
)

// Rows about fixlint version and -version: they read the database that
// -osv or the configuration file names, and the configuration file, so
// they owe the same care as a check. The version lines still come first.

// versionLines is the start of the output of fixlint version.
const versionLines = `^fixlint \S+\n(vcs\.\S+.*\n)?built with go\S+ \S+/\S+\ncatalog: \d+ cards, newest verified on \d{4}-\d\d-\d\d\n$`

func init() {
	addHostile(
		hostileCase{
			name:  "version-osv-dev-zero",
			entry: "fixlint version -osv",
			input: "-osv /dev/zero (a device that never ends)",
			want:  "the version lines, an error naming /dev/zero, exit 1, no hang",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				return []string{"fixlint", "version", "-osv", "/dev/zero"}
			},
			code:   exitError,
			stdout: versionLines,
			stderr: `^fixlint: /dev/zero: not a regular file.*\n$`,
		},
		hostileCase{
			name:  "version-osv-fifo",
			entry: "fixlint -version -osv",
			input: "-osv names a FIFO no one writes to",
			want:  "the version lines, an error naming the FIFO, exit 1, no hang",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				fifoAt(t, filepath.Join(dir, "db.idx"))
				return []string{"fixlint", "-version", "-osv", "$DIR/db.idx"}
			},
			code:   exitError,
			stdout: versionLines,
			stderr: `db\.idx: not a regular file`,
		},
		hostileCase{
			name:  "version-config-fifo",
			entry: "fixlint version",
			input: ".fixlint.yaml is a FIFO",
			want:  "the version lines, an error naming .fixlint.yaml, exit 1, no hang",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				fifoAt(t, filepath.Join(dir, configFileName))
				return []string{"fixlint", "version"}
			},
			code:   exitError,
			stdout: versionLines,
			stderr: `\.fixlint\.yaml: not a regular file`,
		},
		hostileCase{
			name:  "version-osv-not-a-database",
			entry: "fixlint version -osv",
			input: "-osv names a directory without records",
			want:  "the version lines, an error naming the directory, exit 1",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				cacheEnv(t, r, dir)
				return []string{"fixlint", "version", "-osv", "$DIR"}
			},
			code:   exitError,
			stdout: versionLines,
			stderr: `no OSV records`,
		},
	)
}
