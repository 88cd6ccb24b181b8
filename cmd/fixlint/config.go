package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/fixlint/fixlint/analyzer"
	"github.com/fixlint/fixlint/rules"
)

// configFileName is looked up from the working directory upwards, up to
// the repository root (a directory with .git) or the file system root.
const configFileName = ".fixlint.yaml"

// configFile is the YAML form of a configuration file. Paths are relative
// to the file. go vet does not read it (its cache would not notice the
// file change): under go vet, pass -fixlint.* flags.
type configFile struct {
	Rules    []string `yaml:"rules"`
	Disable  []string `yaml:"disable"`
	Severity string   `yaml:"severity"`
	OSV      string   `yaml:"osv"`
}

// findConfig returns the configuration file that applies in dir, or "".
func findConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, configFileName)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadConfig reads a configuration file strictly: an unknown key or a bad
// severity is an error naming the file and line.
func loadConfig(file string) (analyzer.Config, error) {
	var cfg analyzer.Config
	data, err := os.ReadFile(file)
	if err != nil {
		return cfg, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var cf configFile
	if err := dec.Decode(&cf); err != nil && !errors.Is(err, io.EOF) {
		var es rules.Errors
		for _, e := range yamlErrorLines(file, err) {
			es = append(es, e)
		}
		return cfg, es
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
			return cfg, fmt.Errorf("%s: severity: %v", file, err)
		}
		cfg.MinSeverity = sev
	}
	if cf.OSV != "" {
		cfg.OSV = abs(cf.OSV)
	}
	return cfg, nil
}

// yamlErrorLines names file and line in yaml.v3's errors.
func yamlErrorLines(file string, err error) []*rules.Error {
	var te *yaml.TypeError
	var out []*rules.Error
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			out = append(out, lineError(file, msg))
		}
		return out
	}
	return []*rules.Error{lineError(file, err.Error())}
}

func lineError(file, msg string) *rules.Error {
	var line int
	var rest string
	if n, _ := fmt.Sscanf(msg, "yaml: line %d:", &line); n == 1 {
		rest = msg[len(fmt.Sprintf("yaml: line %d: ", line)):]
	} else if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		rest = msg[len(fmt.Sprintf("line %d: ", line)):]
	} else {
		rest = msg
	}
	return &rules.Error{File: file, Line: line, Msg: rest}
}

// applyConfig merges a configuration file under the flags: a flag given on
// the command line wins over the file. It returns the file used.
func applyConfig(fs *flag.FlagSet, explicit string, cfg *analyzer.Config) (string, error) {
	file := explicit
	if file == "" {
		file = findConfig(".")
	}
	if file == "" {
		return "", nil
	}
	fileCfg, err := loadConfig(file)
	if err != nil {
		return file, err
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
	return file, nil
}
