// Proof for FIX-0055: a struct with an embedded struct tagged ",squash" is
// decoded into a map by a decoder with DecoderConfig.Squash set, and by the
// fix option (the tag alone, Squash left unset); the program prints the map.
package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mitchellh/mapstructure"
)

type Base struct {
	ID   string `mapstructure:"id"`
	Kind string `mapstructure:"kind"`
}

type Item struct {
	Base  `mapstructure:",squash"`
	Title string `mapstructure:"title"`
}

func toMap(squashOption bool) string {
	out := map[string]interface{}{}
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Squash: squashOption, Result: &out})
	if err != nil {
		return "error: " + err.Error()
	}
	if err := dec.Decode(Item{Base: Base{ID: "7", Kind: "book"}, Title: "Go"}); err != nil {
		return "error: " + err.Error()
	}
	keys := make([]string, 0, len(out))
	for k, v := range out {
		keys = append(keys, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(keys)
	return "map keys: " + strings.Join(keys, " ")
}

func main() {
	fmt.Println("trigger DecoderConfig{Squash: true} + \",squash\" tag, struct to map:", toMap(true))
	fmt.Println("fix \",squash\" tag alone, Squash unset:", toMap(false))
}
