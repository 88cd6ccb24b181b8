package diff

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	old := "package main\n\nimport \"x/sha3\"\n\nfunc main() {\n\ta := 1\n\tb := 2\n\tc := 3\n\td := 4\n\te := 5\n\tf := 6\n\th := sha3.New256()\n}\n"
	new := strings.Replace(strings.Replace(old, "\"x/sha3\"", "\"crypto/sha3\"", 1), "sha3.New256()", "sha3.New256() // inlined", 1)
	got := Unified("a/main.go", "b/main.go", []byte(old), []byte(new))
	want := `--- a/main.go
+++ b/main.go
@@ -1,6 +1,6 @@
 package main
 
-import "x/sha3"
+import "crypto/sha3"
 
 func main() {
 	a := 1
@@ -9,5 +9,5 @@
 	d := 4
 	e := 5
 	f := 6
-	h := sha3.New256()
+	h := sha3.New256() // inlined
 }
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if Unified("a", "b", []byte(old), []byte(old)) != "" {
		t.Error("equal texts: want no diff")
	}
}

func TestNoNewlineAtEnd(t *testing.T) {
	got := Unified("a", "b", []byte("x\ny"), []byte("x\nz"))
	want := "--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestRoundTrip applies random diffs back to the old text: every diff must
// turn old into new, and its hunk headers must count their lines.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		a := randomText(r)
		b := mutate(r, a)
		d := Unified("a", "b", []byte(a), []byte(b))
		got, err := apply(a, d)
		if err != nil {
			t.Fatalf("case %d: %v\nold %q\nnew %q\ndiff:\n%s", n, err, a, b, d)
		}
		if got != b {
			t.Fatalf("case %d: applying the diff gives %q, want %q\ndiff:\n%s", n, got, b, d)
		}
	}
}

// TestLargeFallsBack: texts with no line in common, past maxEdits, are one
// replacement, still correct.
func TestLargeFallsBack(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < maxEdits+10; i++ {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	d := Unified("a", "b", []byte(a.String()), []byte(b.String()))
	got, err := apply(a.String(), d)
	if err != nil || got != b.String() {
		t.Fatalf("fallback diff does not apply: %v", err)
	}
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for i, n := 0, r.Intn(30); i < n; i++ {
		fmt.Fprintf(&b, "l%d\n", r.Intn(6))
	}
	if r.Intn(4) == 0 {
		b.WriteString("tail")
	}
	return b.String()
}

func mutate(r *rand.Rand, s string) string {
	ls := lines(s)
	for k, n := 0, r.Intn(5); k < n; k++ {
		switch i := r.Intn(len(ls) + 1); r.Intn(3) {
		case 0:
			ls = append(ls[:i], append([]string{fmt.Sprintf("n%d\n", r.Intn(6))}, ls[i:]...)...)
		case 1:
			if i < len(ls) {
				ls = append(ls[:i], ls[i+1:]...)
			}
		default:
			if i < len(ls) {
				ls[i] = fmt.Sprintf("m%d\n", r.Intn(3))
			}
		}
	}
	out := strings.Join(ls, "")
	if r.Intn(5) == 0 {
		out = strings.TrimSuffix(out, "\n")
	}
	return out
}

// apply is a small patch(1) for the test: it checks each hunk's context
// and counts against old.
func apply(old, d string) (string, error) {
	if d == "" {
		return old, nil
	}
	a := lines(old)
	var out []string
	pos := 0
	dl := strings.SplitAfter(d, "\n")
	i := 2 // past the header
	for i < len(dl) && dl[i] != "" {
		var as, an, bs, bn int
		h := dl[i]
		if _, err := fmt.Sscanf(h, "@@ -%s +%s @@", new(string), new(string)); err != nil {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		f := strings.Fields(h)
		as, an = parseSpan(f[1][1:])
		bs, bn = parseSpan(f[2][1:])
		_ = bs
		start := as - 1
		if an == 0 {
			start = as
		}
		if start < pos {
			return "", fmt.Errorf("hunk %q overlaps the one before", h)
		}
		out = append(out, a[pos:start]...)
		pos = start
		i++
		gotA, gotB := 0, 0
		for i < len(dl) && dl[i] != "" && !strings.HasPrefix(dl[i], "@@") {
			l := dl[i]
			i++
			noNL := i < len(dl) && strings.HasPrefix(dl[i], "\\ No newline")
			if noNL {
				i++
			}
			text := l[1:]
			if noNL {
				text = strings.TrimSuffix(text, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(a) || a[pos] != text {
					return "", fmt.Errorf("line %d: want %q", pos+1, text)
				}
				pos++
				gotA++
				if l[0] == ' ' {
					out = append(out, text)
					gotB++
				}
			case '+':
				out = append(out, text)
				gotB++
			}
		}
		if gotA != an || gotB != bn {
			return "", fmt.Errorf("hunk %q counts %d,%d lines, has %d,%d", h, an, bn, gotA, gotB)
		}
	}
	out = append(out, a[pos:]...)
	return strings.Join(out, ""), nil
}

func parseSpan(s string) (start, n int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	n = 1
	if ok {
		n, _ = strconv.Atoi(b)
	}
	return start, n
}
