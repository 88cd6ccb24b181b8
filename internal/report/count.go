package report

import "strconv"

// Count says "1 package" or "3 packages": every message that counts
// something, in every driver, spells it the same way. noun is a regular
// English noun in the singular.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
