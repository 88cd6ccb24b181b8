// Proof for FIX-0054: Decimal.Mod on operands whose quotient rounds up to an
// integer at DivisionPrecision (16) decimal places, and the remainder from
// QuoRem(d2, 0) (the fix option) for the same operands.
package main

import (
	"fmt"

	"github.com/shopspring/decimal"
)

func main() {
	cases := [][2]string{
		{"0.499999999999999999", "0.25"},
		{"99999999999999999", "100000000000000000"},
		{"7.5", "2"},
	}
	for _, c := range cases {
		d, d2 := decimal.RequireFromString(c[0]), decimal.RequireFromString(c[1])
		fmt.Printf("trigger %s.Mod(%s): %s\n", c[0], c[1], d.Mod(d2))
	}
	for _, c := range cases {
		d, d2 := decimal.RequireFromString(c[0]), decimal.RequireFromString(c[1])
		_, r := d.QuoRem(d2, 0)
		fmt.Printf("fix %s.QuoRem(%s, 0) remainder: %s\n", c[0], c[1], r)
	}
}
