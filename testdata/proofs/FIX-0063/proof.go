// Proof for FIX-0063: zerolog's ConsoleWriter formatting a level value that is
// not a known level name and is shorter than three characters (an extra
// "level" field overrides the event's level in the JSON the writer reads).
// The program prints the console line written or the panic.
package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rs/zerolog"
)

func console(f func(zerolog.Logger)) (out string) {
	var buf bytes.Buffer
	cw := zerolog.ConsoleWriter{Out: &buf, NoColor: true, FormatTimestamp: func(interface{}) string { return "T" }}
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	f(zerolog.New(cw))
	return fmt.Sprintf("wrote %q", strings.TrimSpace(buf.String()))
}

func main() {
	fmt.Println("trigger Info().Str(\"level\", \"ok\"):", console(func(l zerolog.Logger) { l.Info().Str("level", "ok").Msg("hi") }))
	fmt.Println("trigger Warn().Str(\"level\", \"\"):", console(func(l zerolog.Logger) { l.Warn().Str("level", "").Msg("hi") }))
	fmt.Println("fix Info().Str(\"severity\", \"ok\"):", console(func(l zerolog.Logger) { l.Info().Str("severity", "ok").Msg("hi") }))
}
