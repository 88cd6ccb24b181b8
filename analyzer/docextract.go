package analyzer

import (
	"strings"
)

// extractDoc returns the text of the "# Analyzer name" section of a doc.go
// file, without comment markers: the same text serves go doc and -help.
// It panics if the section is missing, which a test would catch first.
func extractDoc(src, name string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# ") {
			if in {
				break
			}
			in = text == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	if doc == "" {
		panic("analyzer: no \"# Analyzer " + name + "\" section in doc.go")
	}
	return strings.TrimPrefix(doc, name+": ")
}
