package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"
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

// FuzzServe runs whole sessions: initialize, then the fuzzer's messages
// (the input split at NUL bytes, each framed with a correct header so that
// it reaches the handlers), then shutdown and exit. The server must return
// in time, never panic, and never log an internal error (a handler's panic,
// recovered). Checks are debounced for an hour, so no go command runs: this
// is about request handling.
func FuzzServe(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///ws/a.go","languageId":"go","version":1,"text":"package a\n"}}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///ws/a.go"},"range":{"start":{"line":-1,"character":99999},"end":{"line":0,"character":0}},"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"code":"FIX-0002","data":{"x":1}}]}}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"fixlint.upgrade","arguments":["/ws","-modfile=/etc/passwd","v1"]}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///ws/a.go","version":2},"contentChanges":[{"text":"x"}]}}` + "\x00" +
		`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"file:///ws/a.go"}}}` + "\x00" +
		`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///ws/a.go"}}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":4,"method":"shutdown"}` + "\x00" + `{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":6,"method":"initialize","params":{"workspaceFolders":[{"uri":"file:///","name":"root"}]}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","method":"exit"}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///ws/go.mod"},"position":{"line":-1,"character":-99999}}}` + "\x00" +
		`{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///etc/passwd"},"position":{"line":0,"character":0}}}` + "\x00" +
		`{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":null}`))
	// Replies to requests of the server's (window/workDoneProgress/create),
	// to ids it used or never used, with results or errors.
	f.Add([]byte(`{"jsonrpc":"2.0","id":"fixlint-1","result":null}` + "\x00" +
		`{"jsonrpc":"2.0","id":"fixlint-1","error":{"code":-32603,"message":"no"}}` + "\x00" +
		`{"jsonrpc":"2.0","id":10,"result":{"x":[1]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ws := t.TempDir()
		var in bytes.Buffer
		frame := func(body []byte) { fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(body), body) }
		frame([]byte(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"rootUri":` + strconv.Quote(pathToURI(ws)) + `,"capabilities":{}}}`))
		frame([]byte(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
		for _, body := range bytes.Split(bytes.ReplaceAll(data, []byte("file:///ws"), []byte(pathToURI(ws))), []byte{0}) {
			frame(body)
		}
		frame([]byte(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}`))
		frame([]byte(`{"jsonrpc":"2.0","method":"exit"}`))
		var out bytes.Buffer
		done := make(chan error, 1)
		go func() {
			done <- Serve(context.Background(), &in, &out, Options{Debounce: time.Hour, GoCommand: "/nonexistent/go"})
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Serve did not return")
		}
		if bytes.Contains(out.Bytes(), []byte("internal error")) {
			t.Fatalf("a handler panicked:\n%s", clip(out.String(), 4000))
		}
	})
}
