package rules

import (
	"fmt"
	"strings"
)

// Platform limits a trigger or a package to builds for some operating
// systems and architectures, as OSV records do ("goos": ["windows"]). An
// empty list matches every GOOS or every GOARCH.
type Platform struct {
	GOOS   []string
	GOARCH []string
}

// Matches reports whether a build for goos and goarch is one of p's.
func (p Platform) Matches(goos, goarch string) bool {
	return matchesAny(p.GOOS, goos) && matchesAny(p.GOARCH, goarch)
}

// Any reports whether p matches every build.
func (p Platform) Any() bool { return len(p.GOOS) == 0 && len(p.GOARCH) == 0 }

// String spells p for people: "windows", "linux/amd64, linux/arm64".
func (p Platform) String() string {
	switch {
	case p.Any():
		return "every platform"
	case len(p.GOARCH) == 0:
		return strings.Join(p.GOOS, ", ")
	case len(p.GOOS) == 0:
		return strings.Join(p.GOARCH, ", ")
	}
	var s []string
	for _, os := range p.GOOS {
		for _, arch := range p.GOARCH {
			s = append(s, os+"/"+arch)
		}
	}
	return strings.Join(s, ", ")
}

func (p Platform) validate() error {
	for _, list := range [][]string{p.GOOS, p.GOARCH} {
		for _, v := range list {
			if !platformName(v) {
				return fmt.Errorf("%s is not a GOOS or GOARCH value", quote(v))
			}
		}
	}
	return nil
}

// platformName accepts what GOOS and GOARCH values look like: lower-case
// letters and digits ("linux", "amd64", "mips64le").
func platformName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

func matchesAny(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// PackagePlatform limits the card's package Package to builds for
// Platform: an import of it elsewhere is not affected.
type PackagePlatform struct {
	Package  string
	Platform Platform
}
