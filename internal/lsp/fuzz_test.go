package lsp

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadMessage feeds arbitrary bytes to the message reader and the
// request parser: they must return bodies or errors, never panic or loop.
func FuzzReadMessage(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}   "))
	f.Add([]byte("garbage\r\nContent-Length: 5\r\n\r\nhello"))
	f.Add([]byte("Content-Length: -1\r\n\r\n"))
	f.Add([]byte("Content-Length: 99999999999999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newReader(bytes.NewReader(data))
		for i := 0; i <= len(data)+1; i++ {
			body, err := r.read()
			var fe *framingError
			if err != nil && !errors.As(err, &fe) {
				return // end of stream
			}
			if err == nil {
				decode(body)
			}
		}
		t.Fatalf("the reader did not reach the end of %d bytes", len(data))
	})
}
