// Proof for FIX-0065: 1 MiB of zero bytes written in one Write at level 9
// (BestCompression) through klauspost's flate and gzip writers, read back with
// the standard library's decoders.
package main

import (
	"bytes"
	stdflate "compress/flate"
	stdgzip "compress/gzip"
	"fmt"
	"io"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

var input = make([]byte, 1<<20)

func check(rd io.Reader, err error) string {
	if err != nil {
		return "reader error: " + err.Error()
	}
	out, err := io.ReadAll(rd)
	switch {
	case err != nil:
		return fmt.Sprintf("read back %d of %d bytes, error: %v", len(out), len(input), err)
	case !bytes.Equal(out, input):
		return fmt.Sprintf("read back %d bytes that differ from the input", len(out))
	}
	return fmt.Sprintf("read back all %d bytes", len(out))
}

func viaFlate(level int) string {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, level)
	if err != nil {
		return "writer error: " + err.Error()
	}
	w.Write(input)
	w.Close()
	return check(stdflate.NewReader(bytes.NewReader(buf.Bytes())), nil)
}

func viaGzip(level int) string {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return "writer error: " + err.Error()
	}
	w.Write(input)
	w.Close()
	rd, err := stdgzip.NewReader(bytes.NewReader(buf.Bytes()))
	return check(rd, err)
}

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic:", r)
		}
	}()
	fmt.Println("trigger flate.NewWriter(w, flate.BestCompression):", viaFlate(flate.BestCompression))
	fmt.Println("trigger gzip.NewWriterLevel(w, gzip.BestCompression):", viaGzip(gzip.BestCompression))
	// Fix option: level 8 (or any level below 9) does not take the level-9 path.
	fmt.Println("fix flate level 8:", viaFlate(8))
	fmt.Println("fix gzip level 8:", viaGzip(8))
}
