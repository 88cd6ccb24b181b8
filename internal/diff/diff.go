// Package diff writes unified diffs of text files, the form patch and git
// apply read and reviewers know: what fixlint upgrade shows of the
// migrations it would make.
package diff

import (
	"fmt"
	"strings"
)

// context is how many unchanged lines surround each change, as diff -u.
const context = 3

// maxEdits bounds the search for a shortest edit script: past it, the two
// texts are shown as one replacement, which is still a correct diff.
const maxEdits = 4000

// Unified returns the unified diff that turns old into new, with oldName
// and newName in its header, or "" when they are equal.
func Unified(oldName, newName string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	a, b := lines(string(old)), lines(string(new))
	ops := script(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, h, a, b)
	}
	return out.String()
}

// lines splits s after each newline; a last line without one keeps none.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// op is one line of the edit script: kept (a[i] == b[j]), deleted (a[i])
// or inserted (b[j]).
type op struct {
	kind byte // ' ', '-', '+'
	i, j int  // the line's index in a (for ' ' and '-') and in b (for ' ' and '+')
}

// script is a shortest edit script from a to b (Myers' greedy algorithm,
// after trimming the common prefix and suffix).
func script(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for k := 0; k < pre; k++ {
		ops = append(ops, op{' ', k, k})
	}
	ops = append(ops, middle(a[pre:len(a)-suf], b[pre:len(b)-suf], pre)...)
	for k := 0; k < suf; k++ {
		ops = append(ops, op{' ', len(a) - suf + k, len(b) - suf + k})
	}
	return ops
}

// middle is the edit script between a and b, whose lines start at index
// off in both texts (the common prefix before them has the same length).
func middle(a, b []string, off int) []op {
	n, m := len(a), len(b)
	max := n + m
	if max > 2*maxEdits {
		max = 2 * maxEdits
	}
	v := make([]int, 2*max+2)
	var trace [][]int
	found := -1
	for d := 0; d <= max && found < 0; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[max+k-1] < v[max+k+1]) {
				x = v[max+k+1] // down: an insertion
			} else {
				x = v[max+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[max+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return replaceAll(n, m, off)
	}
	// Walk the trace back from (n, m) to (0, 0).
	var rev []op
	x, y := n, m
	for d := found; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[max+k-1] < vd[max+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[max+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{' ', off + x, off + y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{'+', off + x, off + y})
		} else {
			x--
			rev = append(rev, op{'-', off + x, off + y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', off + x, off + y})
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}

func replaceAll(n, m, off int) []op {
	var ops []op
	for i := 0; i < n; i++ {
		ops = append(ops, op{'-', off + i, off})
	}
	for j := 0; j < m; j++ {
		ops = append(ops, op{'+', off + n, off + j})
	}
	return ops
}

// hunks groups the script's changes with their context; changes closer
// than twice the context share a hunk.
func hunks(ops []op) [][]op {
	var out [][]op
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := i - context
		if start < 0 {
			start = 0
		}
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				break
			}
			end = run
		}
		stop := end + context
		if stop > len(ops) {
			stop = len(ops)
		}
		out = append(out, ops[start:stop])
		i = stop
	}
	return out
}

func writeHunk(out *strings.Builder, h []op, a, b []string) {
	var na, nb int
	for _, o := range h {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(h[0].i, na), span(h[0].j, nb))
	for _, o := range h {
		var line string
		switch o.kind {
		case '+':
			line = b[o.j]
		default:
			line = a[o.i]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// span is a hunk header's start,count; an empty side names the line
// before it, as diff -u does.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
