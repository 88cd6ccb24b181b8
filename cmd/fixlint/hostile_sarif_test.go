package main

import (
	"path/filepath"
	"testing"
)

// Rows about SARIF output: it looks for .git above the module to find the
// repository root. (It also reads the lines it fingerprints, with
// fileio.ReadRegular: TestSARIFFingerprintUnreadable covers a FIFO there,
// which no row can reach, since the package loader reads the file first.)

func init() {
	addHostile(
		hostileCase{
			name:  "sarif-git-fifo-odd-dir",
			entry: "fixlint -format sarif ./...",
			input: ".git is a FIFO; the module is in a folder named `sub dir#1`",
			want:  "the FIFO is not opened; URIs relative to its directory, percent-encoded",
			setup: func(t *testing.T, dir string, r *hostileRun) []string {
				fifoAt(t, filepath.Join(dir, ".git"))
				demoInto(t, filepath.Join(dir, "sub dir#1"))
				return []string{"fixlint", "-C", "$DIR/sub dir#1", "-format", "sarif", "./..."}
			},
			code:   exitOK,
			stdout: `"uri": "sub%20dir%231/main\.go",\s+"uriBaseId": "%SRCROOT%"`,
		},
	)
}
