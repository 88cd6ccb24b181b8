package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"

	"golang.org/x/mod/semver"

	"github.com/fixlint/fixlint/internal/engine"
	"github.com/fixlint/fixlint/internal/report"
)

// applyFixes applies the analyzer's suggested code fixes, then upgrades each
// affected module through the go command, which keeps go.sum and the rest
// of the build list right: fixlint never edits go.mod or go.sum itself.
func applyFixes(res *engine.Result, stderr io.Writer) error {
	if err := applyEdits(res.Edits); err != nil {
		return err
	}
	upgrades := make(map[string]string) // module -> highest recommended version
	where := make(map[string]string)    // module -> directory of the go.mod that requires it
	for _, f := range res.Findings {
		if f.Level != report.ModuleLevel || f.Fixed == "" {
			continue
		}
		if cur, ok := upgrades[f.Module]; !ok || semver.Compare(f.Fixed, cur) > 0 {
			upgrades[f.Module] = f.Fixed
		}
		where[f.Module] = dirOf(f.Position.File)
	}
	mods := make([]string, 0, len(upgrades))
	for m := range upgrades {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		arg := m + "@" + upgrades[m]
		fmt.Fprintf(stderr, "fixlint: go get %s\n", arg)
		cmd := exec.Command("go", "get", arg)
		cmd.Dir = where[m]
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go get %s: %v", arg, err)
		}
	}
	return nil
}

func dirOf(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if os.IsPathSeparator(file[i]) {
			return file[:i]
		}
	}
	return "."
}

// applyEdits applies non-overlapping text edits file by file; identical
// edits (a package analyzed with and without its tests) count once.
func applyEdits(edits []engine.FileEdit) error {
	byFile := make(map[string][]engine.FileEdit)
	for _, e := range edits {
		byFile[e.File] = append(byFile[e.File], e)
	}
	for file, es := range byFile {
		sort.Slice(es, func(i, j int) bool { return es[i].Start < es[j].Start })
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		last := 0
		for i, e := range es {
			if i > 0 && e.Start == es[i-1].Start && e.End == es[i-1].End && bytes.Equal(e.Text, es[i-1].Text) {
				continue
			}
			if e.Start < last || e.End > len(data) {
				return fmt.Errorf("%s: overlapping or out-of-range edits; no fix applied to this file", file)
			}
			out.Write(data[last:e.Start])
			out.Write(e.Text)
			last = e.End
		}
		out.Write(data[last:])
		if err := os.WriteFile(file, out.Bytes(), 0o666); err != nil {
			return err
		}
	}
	return nil
}
