package main

import (
	"flag"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/rules"
)

// configFileName is the configuration file looked up when -config is not
// given; findConfig says where.
const configFileName = ".fixlint.yaml"

// maxConfigSize is the largest configuration file read: a real one is a
// few lines.
const maxConfigSize = 64 << 10

// configFile is the YAML form of a configuration file. Paths are relative
// to the file. go vet does not read it (its cache would not notice the
// file change): under go vet, pass -fixlint.* flags.
type configFile struct {
	Rules    []string `yaml:"rules"`
	Disable  []string `yaml:"disable"`
	Severity string   `yaml:"severity"`
	OSV      string   `yaml:"osv"`
	// OSVMaxAge is -osv-max-age: 7d, 36h.
	OSVMaxAge string `yaml:"osv-max-age"`
}

// configSearch is where findConfig looked and what it found.
type configSearch struct {
	file    string // the configuration file that applies, or ""
	ignored string // with file "": a .fixlint.yaml above the search's end, not used
	stop    string // the last directory searched
}

// findConfig looks for .fixlint.yaml from dir upwards, up to the project's
// top: the repository root (a directory with .git) of dir's module, or,
// where no repository holds the module, the module root (the nearest
// directory with go.mod or go.work); outside any module, the repository
// root of dir, or dir alone. Nothing above is read: a file there belongs to
// something else (a home directory, a shared /tmp) and must not steer the
// check. Such a file is still noted in ignored, so that it is named rather
// than silently left out.
func findConfig(dir string) configSearch {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return configSearch{}
	}
	top := nearest(dir, "go.mod", "go.work")
	if top == "" {
		top = dir
	}
	if repo := nearest(top, ".git"); repo != "" {
		top = repo
	}
	s := configSearch{stop: top}
	for d := dir; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, configFileName)) {
			s.file = filepath.Join(d, configFileName)
			return s
		}
		if d == top || d == filepath.Dir(d) {
			break
		}
	}
	if parent := filepath.Dir(top); parent != top {
		if above := nearest(parent, configFileName); above != "" {
			s.ignored = filepath.Join(above, configFileName)
		}
	}
	return s
}

// nearest returns dir or the closest of its parents that holds one of
// names, or "".
func nearest(dir string, names ...string) string {
	for {
		for _, n := range names {
			if exists(filepath.Join(dir, n)) {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// exists reports whether path names something, whatever it is: a
// .fixlint.yaml that is a directory or a FIFO is found, and reading it
// then says what is wrong with it.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// loadConfig reads a configuration file strictly: an unknown key or a bad
// severity is an error naming the file and line. Only a regular file of at
// most maxConfigSize is read (a FIFO would block, /dev/zero never end).
func loadConfig(file string) (analyzer.Config, error) {
	var cfg analyzer.Config
	data, err := fileio.ReadRegular(file, maxConfigSize)
	if err != nil {
		return cfg, err
	}
	var cf configFile
	root, errs := rules.DecodeYAML(file, data, &cf)
	if len(errs) > 0 {
		return cfg, errs
	}
	dir := filepath.Dir(file)
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for _, r := range cf.Rules {
		cfg.Rules = append(cfg.Rules, abs(r))
	}
	cfg.Disable = cf.Disable
	if cf.Severity != "" {
		sev, err := rules.ParseSeverity(cf.Severity)
		if err != nil {
			return cfg, &rules.Error{File: file, Line: keyLine(root, "severity"), Msg: "severity: " + err.Error()}
		}
		cfg.MinSeverity = sev
	}
	switch cf.OSV {
	case "":
	case analyzer.OSVOff:
		cfg.OSV = cf.OSV
	default:
		cfg.OSV = abs(cf.OSV)
	}
	if cf.OSVMaxAge != "" {
		d, err := parseAge(cf.OSVMaxAge)
		if err != nil {
			return cfg, &rules.Error{File: file, Line: keyLine(root, "osv-max-age"), Msg: "osv-max-age: " + err.Error()}
		}
		cfg.OSVMaxAge = d
	}
	return cfg, nil
}

// keyLine is the line of key in a YAML mapping, or 0.
func keyLine(root *yaml.Node, key string) int {
	if root == nil || root.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i].Line
		}
	}
	return 0
}

// applyConfig merges a configuration file under the flags: a flag given on
// the command line wins over the file. It returns where the file was
// looked for and the file used (the explicit one, or the one found).
func applyConfig(fs *flag.FlagSet, explicit string, cfg *analyzer.Config) (configSearch, error) {
	search := configSearch{file: explicit}
	if explicit == "" {
		search = findConfig(".")
	}
	if search.file == "" {
		return search, nil
	}
	fileCfg, err := loadConfig(search.file)
	if err != nil {
		return search, err
	}
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["rules"] {
		cfg.Rules = fileCfg.Rules
	}
	if !set["disable"] {
		cfg.Disable = fileCfg.Disable
	}
	if !set["severity"] {
		cfg.MinSeverity = fileCfg.MinSeverity
	}
	if !set["osv"] {
		cfg.OSV = fileCfg.OSV
	}
	if !set["osv-max-age"] {
		cfg.OSVMaxAge = fileCfg.OSVMaxAge
	}
	return search, nil
}
