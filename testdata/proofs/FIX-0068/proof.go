// Proof for FIX-0068: the euro sign encoded with simplifiedchinese.GB18030
// and with GBK, printed as bytes, and GB18030's two-byte euro decoded back.
package main

import (
	"fmt"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	enc, err := simplifiedchinese.GB18030.NewEncoder().String("price: 5€")
	fmt.Printf("trigger GB18030 encode %q: % x (err %v)\n", "price: 5€", []byte(enc), err)
	dec, err := simplifiedchinese.GB18030.NewDecoder().String("\xa2\xe3")
	fmt.Printf("GB18030 decode a2 e3: %q (err %v)\n", dec, err)
	dec, err = simplifiedchinese.GB18030.NewDecoder().String("\x80")
	fmt.Printf("GB18030 decode 80: %q (err %v)\n", dec, err)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("€")
	fmt.Printf("GBK encode %q: % x (err %v)\n", "€", []byte(gbk), err)
}
