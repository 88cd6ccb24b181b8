package rules

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Limits on card files. Real cards are about 5 KB; these leave room for
// long ones while keeping a hostile file (a huge one, one that is not a
// card at all) cheap to refuse and short to report.
const (
	// MaxCardSize is the largest card file read.
	MaxCardSize = 1 << 20
	// MaxErrorsPerFile is how many errors one file reports; the rest are
	// counted ("and N more"), so that a file that is not a card (a
	// password file given by mistake) is not echoed back line by line.
	MaxErrorsPerFile = 10
	// MaxConstantLen is the longest equals: literal. go/constant parses a
	// decimal literal in time quadratic in its length (a MiB of digits
	// takes seconds); the constants triggers compare with are a few bytes.
	MaxConstantLen = 1024
)

// maxQuoted is how much of a value an error message quotes, and
// maxMessage how long one message may grow.
const (
	maxQuoted  = 40
	maxMessage = 400
)

// quote quotes a value from a file for an error message, cut short when
// long: a message names the problem, it does not copy the file.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(s[:runeStart(s, maxQuoted)]), len(s))
}

// runeStart returns the largest i <= n where s[i:] starts a rune.
func runeStart(s string, n int) int {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// clipMessage shortens a message longer than maxMessage by cutting its
// middle, where a quoted value is; the start and the end (often the advice,
// "want one of ...") stay.
func clipMessage(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	head := runeStart(msg, maxMessage/2)
	tail := runeStart(msg, len(msg)-maxMessage/4)
	return fmt.Sprintf("%s ...(%d bytes cut)... %s", msg[:head], tail-head, msg[tail:])
}

// capErrors keeps the first MaxErrorsPerFile errors of one file, each
// clipped, and counts the rest.
func capErrors(file string, errs Errors) Errors {
	out := make(Errors, 0, min(len(errs), MaxErrorsPerFile+1))
	for i, e := range errs {
		if i == MaxErrorsPerFile {
			out = append(out, &Error{File: file, Msg: fmt.Sprintf("and %d more problems in this file", len(errs)-i)})
			break
		}
		c := *e
		c.Msg = clipMessage(c.Msg)
		out = append(out, &c)
	}
	return out
}
