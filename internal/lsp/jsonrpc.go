package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestFailed        = -32803
)

// Limits of the base protocol reader: a header line longer than
// maxHeaderLine is garbage, and a body larger than maxBody is skipped.
const (
	maxHeaderLine = 8 << 10
	maxBody       = 64 << 20
)

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// incoming is a decoded message from the client. ID is nil for a
// notification and the raw JSON (a number or a string) for a request.
type incoming struct {
	ID     json.RawMessage
	Method string
	Params json.RawMessage
	// Failed marks a reply (to a request of the server's) that carries an
	// error rather than a result.
	Failed bool
	// Result is a reply's result.
	Result json.RawMessage
}

// nullID is the id of an error response to a message whose id is unknown.
var nullID = json.RawMessage("null")

// decode checks a body against JSON-RPC 2.0. It returns a message, or an
// error to answer with (and the id to answer to, null when unknown); isReply
// is true for a response from the client to a request of the server's (msg
// then has its ID, and Failed for an error response).
func decode(body []byte) (msg *incoming, isReply bool, errID json.RawMessage, rerr *rpcError) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var v any
		if json.Unmarshal(body, &v) == nil {
			// Valid JSON but not an object: a batch or a scalar. LSP uses no
			// batches.
			return nil, false, nullID, errorf(codeInvalidRequest, "invalid request: want a JSON object")
		}
		return nil, false, nullID, errorf(codeParseError, "parse error: %v", err)
	}
	if fields == nil { // the body was "null"
		return nil, false, nullID, errorf(codeInvalidRequest, "invalid request: want a JSON object")
	}
	id, hasID := fields["id"]
	if hasID {
		if !validID(id) {
			return nil, false, nullID, errorf(codeInvalidRequest, "invalid request: id must be a number or a string")
		}
	}
	errID = nullID
	if hasID {
		errID = id
	}
	var version string
	if err := json.Unmarshal(fields["jsonrpc"], &version); err != nil || version != "2.0" {
		return nil, false, errID, errorf(codeInvalidRequest, `invalid request: jsonrpc must be "2.0"`)
	}
	rawMethod, hasMethod := fields["method"]
	if !hasMethod {
		_, hasResult := fields["result"]
		_, hasError := fields["error"]
		if hasID && (hasResult || hasError) {
			return &incoming{ID: id, Failed: hasError, Result: fields["result"]}, true, nil, nil
		}
		return nil, false, errID, errorf(codeInvalidRequest, "invalid request: no method")
	}
	var method string
	if err := json.Unmarshal(rawMethod, &method); err != nil || method == "" {
		return nil, false, errID, errorf(codeInvalidRequest, "invalid request: method must be a non-empty string")
	}
	msg = &incoming{Method: method, Params: fields["params"]}
	if hasID {
		msg.ID = id
	}
	return msg, false, nil, nil
}

func validID(id json.RawMessage) bool {
	var v any
	if err := json.Unmarshal(id, &v); err != nil {
		return false
	}
	switch v.(type) {
	case string, float64:
		return true
	}
	return false
}

// framingError is a message whose header could not be read; the reader has
// skipped it and can go on with the next one.
type framingError struct{ msg string }

func (e *framingError) Error() string { return "bad message header: " + e.msg }

// reader reads base protocol messages: header lines ending in \r\n (a bare
// \n is accepted too), an empty line, and Content-Length bytes of body.
type reader struct {
	br *bufio.Reader
}

func newReader(r io.Reader) *reader {
	return &reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// read returns the next body. A *framingError means that one message was
// unreadable and skipped; any other error (io.EOF) ends the stream.
func (r *reader) read() ([]byte, error) {
	length := -1
	var problems []string
	sawHeader, conflict := false, false
	for {
		line, err := r.readLine()
		if err != nil {
			if err == io.EOF && sawHeader {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if line == "" {
			if !sawHeader {
				continue // stray blank lines between messages
			}
			break
		}
		sawHeader = true
		// Resynchronise after garbage: a body that followed a bad header
		// runs into the next message's header on the same line.
		if i := indexFold(line, "content-length:"); i > 0 {
			problems = append(problems, "garbage before a header")
			line = line[i:]
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			problems = append(problems, fmt.Sprintf("malformed header line %q", clip(line, 60)))
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "content-length":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				problems = append(problems, fmt.Sprintf("bad Content-Length %q", clip(value, 30)))
				length = -1
				continue
			}
			if length >= 0 && n != length {
				// Which one is right cannot be known. Reading the longer
				// one would swallow the next message; skipping the shorter
				// one as a bad message loses nothing more, since a longer
				// body's rest reads as garbage before the next header.
				conflict = true
				length = min(length, n)
				continue
			}
			length = n
		case "content-type":
			// The only type is JSON-RPC in UTF-8; the charset "utf8" is
			// accepted for backwards compatibility. Anything else is
			// read as UTF-8 anyway.
		}
	}
	if length < 0 {
		if len(problems) == 0 {
			problems = append(problems, "no Content-Length")
		}
		return nil, &framingError{strings.Join(problems, "; ")}
	}
	if conflict {
		if _, err := io.CopyN(io.Discard, r.br, int64(length)); err != nil {
			return nil, err
		}
		return nil, &framingError{"conflicting Content-Length headers"}
	}
	if length > maxBody {
		if _, err := io.CopyN(io.Discard, r.br, int64(length)); err != nil {
			return nil, err
		}
		return nil, &framingError{fmt.Sprintf("message of %d bytes is too large", length)}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.br, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return body, nil
}

// readLine returns a line without its line ending. Of a line longer than
// maxHeaderLine only the end is kept (it is garbage, but may end in the next
// header).
func (r *reader) readLine() (string, error) {
	var long []byte
	for {
		chunk, err := r.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull || (err == nil && long != nil) {
			long = append(long, chunk...)
			if len(long) > maxHeaderLine {
				long = append(long[:0], long[len(long)-maxHeaderLine:]...)
			}
			if err == nil {
				return strings.TrimRight(string(long), "\r\n"), nil
			}
			continue
		}
		if err != nil {
			if err == io.EOF && (len(chunk) > 0 || long != nil) {
				return "", io.ErrUnexpectedEOF
			}
			return "", err
		}
		if len(chunk) > maxHeaderLine {
			chunk = chunk[len(chunk)-maxHeaderLine:]
		}
		return strings.TrimRight(string(chunk), "\r\n"), nil
	}
}

// indexFold returns the index of substr, which is lower-case ASCII, in s,
// ignoring ASCII case; -1 if absent. It compares bytes: s may be any
// garbage, and strings.ToLower would change the length of invalid UTF-8
// (each bad byte becomes a 3-byte U+FFFD), so an index into the lowered
// string would not be one into s (a crash found by FuzzReadMessage).
func indexFold(s, substr string) int {
	for i := 0; i+len(substr) <= len(s); i++ {
		j := 0
		for ; j < len(substr); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != substr[j] {
				break
			}
		}
		if j == len(substr) {
			return i
		}
	}
	return -1
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// writer writes base protocol messages; it is safe for concurrent use.
type writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error // the first write error; the stream is dead after it
}

func (w *writer) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.Write(buf.Bytes()); err != nil {
		w.err = err
	}
	return w.err
}

// broken returns the write error that killed the stream, if any.
func (w *writer) broken() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

type responseOK struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

type responseErr struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

// request is a request of the server's to the client; its id is a string,
// "fixlint-N".
type request struct {
	JSONRPC string `json:"jsonrpc"`
	ID      string `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

type notification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

var errExitWithoutShutdown = errors.New("exit without shutdown")
