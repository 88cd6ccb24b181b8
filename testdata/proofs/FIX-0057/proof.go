// Proof for FIX-0057: a TOML document with an unknown key under a table whose
// header has three parts is decoded into a struct; the program prints what
// MetaData.Undecoded and MetaData.Keys report.
package main

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

const doc = `
[server.tls.client]
ca_fle = "/etc/ca.pem"
verify = true
`

type Config struct {
	Server struct {
		TLS struct {
			Client struct {
				CAFile string `toml:"ca_file"`
				Verify bool   `toml:"verify"`
			} `toml:"client"`
		} `toml:"tls"`
	} `toml:"server"`
}

func main() {
	var c Config
	md, err := toml.Decode(doc, &c)
	if err != nil {
		fmt.Println("decode error:", err)
		return
	}
	fmt.Printf("trigger Undecoded() with the misspelt key ca_fle: %v\n", md.Undecoded())
	fmt.Printf("trigger Keys(): %v\n", md.Keys())
}
