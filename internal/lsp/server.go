// Package lsp is fixlint's language server: it speaks the Language Server
// Protocol over a byte stream (stdio), checks the module of every .go file
// and go.mod the editor opens or saves, publishes the findings as
// diagnostics, and offers code actions: upgrade the module (go get, only
// when the user runs that action), apply the analyzer's suggested fix, and
// insert a fixlint:ignore directive.
//
// The JSON-RPC 2.0 layer and the base protocol framing are written here;
// the server survives garbage input (bad headers, bad JSON, unknown
// methods) and recovers from a panic in any one message's handler.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fixlint/fixlint/analyzer"
)

// Options configure a server.
type Options struct {
	Config analyzer.Config // cards, disabled cards, lowest severity
	Tests  bool            // also check test files
	Tags   []string        // build tags (go build -tags)

	// Debounce is how long the server waits after the last open or save
	// before it checks; 0 means 200ms.
	Debounce time.Duration
	// Log receives the server's log as well (window/logMessage goes to the
	// client); nil discards it.
	Log io.Writer
	// GoCommand is the go command run by fixlint.upgrade; "" means "go".
	GoCommand string
	// DefaultOSV, when set, gives the OSV database of each check while
	// Config.OSV is "" (fixlint lsp: the copy of fixlint osv update),
	// with a line for the log about it and a warning (an old database),
	// or "".
	DefaultOSV func() (path, info, warning string)
}

// ErrExitWithoutShutdown is Serve's error when the client sent exit without
// shutdown, or closed the stream without either.
var ErrExitWithoutShutdown = errExitWithoutShutdown

// Serve runs a server on in and out until the client sends exit or in ends.
// It returns nil after shutdown and exit.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = 200 * time.Millisecond
	}
	if opts.GoCommand == "" {
		opts.GoCommand = "go"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &server{
		opts:    opts,
		in:      newReader(in),
		out:     &writer{w: out},
		docs:    make(map[string]*document),
		runs:    make(map[string]*runResult),
		pending: make(map[string]bool),
		waiting: make(map[string]*progressReporter),
		kick:    make(chan struct{}, 1),
	}
	return s.serve(ctx)
}

type serverState int

const (
	stateNew serverState = iota
	stateRunning
	stateShutdown
)

// upgradeCommand is the workspace/executeCommand that runs go get.
const upgradeCommand = "fixlint.upgrade"

type server struct {
	opts Options
	in   *reader
	out  *writer

	ctx    context.Context // cancelled at shutdown
	cancel context.CancelFunc
	wg     sync.WaitGroup // the worker and running commands

	goMu   sync.Mutex    // serializes checks and go get
	planMu sync.Mutex    // serializes the upgrade action's plans
	kick   chan struct{} // the debounce timer tells the worker to check

	mu      sync.Mutex // guards the fields below
	state   serverState
	roots   []root
	docs    map[string]*document  // open documents by workspace path
	runs    map[string]*runResult // the latest check of each module directory
	pending map[string]bool       // module directories to check
	timer   *time.Timer           // the debounce timer

	plans map[planKey]*planState // upgrade plans, for the upgrade action's title

	catalogState // the cards, for hover
	osvState     // the OSV database of the last check

	progress  bool                         // the client takes window/workDoneProgress/create
	applyEdit bool                         // the client takes workspace/applyEdit
	edits     map[string]chan *incoming    // workspace/applyEdit requests awaiting an answer, by request id
	requests  int                          // the server's requests sent so far, for their ids
	waiting   map[string]*progressReporter // token requests awaiting an answer, by request id

	warnUnanswered sync.Once // the log line when the client leaves token requests unanswered
}

// root is a workspace folder: as the client names it, and with symbolic
// links resolved.
type root struct {
	dir, canon string
}

type document struct {
	uri     string
	version int
	text    []byte
}

func (s *server) serve(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(1)
	go s.worker()
	defer func() {
		s.cancel()
		s.mu.Lock()
		if s.timer != nil {
			s.timer.Stop()
		}
		s.mu.Unlock()
		s.wg.Wait()
	}()
	for {
		body, err := s.in.read()
		if err != nil {
			var fe *framingError
			if errors.As(err, &fe) {
				s.logf(messageError, "%v", fe)
				s.replyError(nullID, errorf(codeParseError, "parse error: %v", fe))
				continue
			}
			if s.getState() == stateShutdown {
				return nil
			}
			if err == io.EOF {
				return ErrExitWithoutShutdown
			}
			return err
		}
		if done, err := s.handle(body); done {
			return err
		}
		if err := s.out.broken(); err != nil {
			return fmt.Errorf("writing to the client: %w", err)
		}
	}
}

// handle processes one message; done is true after exit.
func (s *server) handle(body []byte) (done bool, exitErr error) {
	var msg *incoming
	defer func() {
		if r := recover(); r != nil {
			s.logf(messageError, "internal error handling a message: %v\n%s", r, debug.Stack())
			if msg != nil && msg.ID != nil {
				s.replyError(msg.ID, errorf(codeInternalError, "internal error: %v", r))
			}
		}
	}()
	msg, isReply, errID, rerr := decode(body)
	if isReply {
		s.replied(msg) // to window/workDoneProgress/create, the only request the server sends
		return false, nil
	}
	if rerr != nil {
		s.logf(messageError, "%s", rerr.Message)
		s.replyError(errID, rerr)
		return false, nil
	}
	if msg.Method == "exit" {
		if s.getState() == stateShutdown {
			return true, nil
		}
		return true, ErrExitWithoutShutdown
	}
	result, rerr := s.dispatch(msg)
	if msg.ID == nil {
		if rerr != nil {
			s.logf(messageWarning, "%s: %s", msg.Method, rerr.Message)
		}
		return false, nil
	}
	switch {
	case rerr != nil:
		s.replyError(msg.ID, rerr)
	case result == deferred:
		// the handler replies when it is done
	default:
		s.reply(msg.ID, result)
	}
	return false, nil
}

// deferred is a handler's result when it replies later, itself.
var deferred = &struct{ deferred bool }{true}

func (s *server) dispatch(msg *incoming) (any, *rpcError) {
	isRequest := msg.ID != nil
	switch state := s.getState(); {
	case state == stateNew && msg.Method != "initialize":
		if isRequest {
			return nil, errorf(codeServerNotInitialized, "the server is not initialized")
		}
		return nil, nil
	case state == stateShutdown:
		if isRequest {
			return nil, errorf(codeInvalidRequest, "the server is shutting down")
		}
		return nil, nil
	case state == stateRunning && msg.Method == "initialize":
		return nil, errorf(codeInvalidRequest, "the server is already initialized")
	}

	switch msg.Method {
	case "initialize":
		var p InitializeParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		return s.initialize(p), nil
	case "initialized":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		if s.timer != nil {
			s.timer.Stop()
		}
		s.mu.Unlock()
		s.cancel()
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		s.didOpen(p)
		return nil, nil
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		s.didChange(p)
		return nil, nil
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		s.touched(p.TextDocument.URI, "saved")
		return nil, nil
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		if path, ok := s.workspacePath(p.TextDocument.URI); ok {
			s.mu.Lock()
			delete(s.docs, path)
			s.mu.Unlock()
		}
		return nil, nil
	case "textDocument/hover":
		var p TextDocumentPositionParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		return s.hover(p), nil
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	case "workspace/executeCommand":
		var p ExecuteCommandParams
		if err := unmarshalParams(msg.Params, &p); err != nil {
			return nil, err
		}
		return s.executeCommand(msg.ID, p)
	}
	if isRequest {
		return nil, errorf(codeMethodNotFound, "method not found: %s", msg.Method)
	}
	return nil, nil // unknown notifications ($/cancelRequest, $/setTrace, ...) are ignored
}

func unmarshalParams(params json.RawMessage, v any) *rpcError {
	if len(params) == 0 || string(params) == "null" {
		return errorf(codeInvalidParams, "invalid params: missing")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return errorf(codeInvalidParams, "invalid params: %v", err)
	}
	return nil
}

func (s *server) getState() serverState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *server) initialize(p InitializeParams) any {
	var dirs []string
	switch {
	case len(p.WorkspaceFolders) > 0:
		for _, f := range p.WorkspaceFolders {
			dirs = append(dirs, f.URI)
		}
	case p.RootURI != nil && *p.RootURI != "":
		dirs = append(dirs, *p.RootURI)
	case p.RootPath != nil && *p.RootPath != "":
		dirs = append(dirs, pathToURI(*p.RootPath))
	}
	var roots []root
	for _, uri := range dirs {
		dir, err := uriToPath(uri)
		if err != nil {
			s.logf(messageWarning, "workspace folder ignored: %v", err)
			continue
		}
		roots = append(roots, root{dir: dir, canon: canonical(dir)})
	}
	s.mu.Lock()
	s.state = stateRunning
	s.roots = roots
	s.progress = p.Capabilities.Window.WorkDoneProgress
	s.applyEdit = p.Capabilities.Workspace.ApplyEdit
	s.mu.Unlock()
	if len(roots) == 0 {
		s.logf(messageWarning, "no workspace folder: fixlint checks only files inside the workspace, so it will check nothing")
	}
	version := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": "utf-16",
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    1, // full
				"save":      map[string]any{"includeText": false},
			},
			"codeActionProvider":     map[string]any{"codeActionKinds": []string{kindQuickFix}},
			"hoverProvider":          true,
			"executeCommandProvider": map[string]any{"commands": []string{upgradeCommand}},
		},
		"serverInfo": map[string]any{"name": "fixlint", "version": version},
	}
}

func (s *server) didOpen(p DidOpenTextDocumentParams) {
	if path, ok := s.workspacePath(p.TextDocument.URI); ok {
		s.mu.Lock()
		s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
		s.mu.Unlock()
	}
	s.touched(p.TextDocument.URI, "opened")
}

func (s *server) didChange(p DidChangeTextDocumentParams) {
	path, ok := s.workspacePath(p.TextDocument.URI)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[path]
	if doc == nil {
		return
	}
	doc.version = p.TextDocument.Version
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			doc.text = []byte(c.Text)
			continue
		}
		// An incremental change, though the server asked for full text.
		l := newLines(doc.text)
		start, end := l.offset(c.Range.Start), l.offset(c.Range.End)
		if end < start {
			start, end = end, start
		}
		doc.text = append(append(append([]byte(nil), doc.text[:start]...), c.Text...), doc.text[end:]...)
	}
}

// touched schedules a check of the module of a .go file or go.mod that was
// opened or saved. Opening a file of a module that was checked after the
// file, its go.mod, go.sum and vendor/modules.txt last changed on disk
// schedules nothing: the check would find the same (the diagnostics of
// every file of the module are published already).
func (s *server) touched(uri, what string) {
	path, err := uriToPath(uri)
	if err != nil {
		return
	}
	if !strings.HasSuffix(path, ".go") && filepath.Base(path) != "go.mod" {
		return
	}
	key, ok := s.local(path)
	if !ok {
		s.logf(messageLog, "%s is outside the workspace; not checked", path)
		return
	}
	dir := moduleDir(key)
	if dir == "" {
		s.logf(messageLog, "%s is in no module; not checked", path)
		return
	}
	if what == "opened" && s.fresh(dir, key) {
		return // the module's latest check saw this file as it is
	}
	s.logf(messageLog, "%s %s: checking %s", filepath.Base(key), what, dir)
	s.schedule(dir)
}

// workspacePath is the workspace path of a document URI.
func (s *server) workspacePath(uri string) (string, bool) {
	path, err := uriToPath(uri)
	if err != nil {
		return "", false
	}
	return s.local(path)
}

// local maps an absolute path to its form under the workspace folder that
// holds it, with symbolic links resolved first so that no link leads
// outside. ok is false for paths outside every workspace folder.
func (s *server) local(path string) (string, bool) {
	c := canonical(path)
	s.mu.Lock()
	roots := s.roots
	s.mu.Unlock()
	for _, r := range roots {
		if within(c, r.canon) {
			rel, err := filepath.Rel(r.canon, c)
			if err != nil {
				continue
			}
			return filepath.Join(r.dir, rel), true
		}
	}
	return "", false
}

// canonical resolves the symbolic links of a path, or of its directory for
// a file that does not exist (yet).
func canonical(path string) string {
	path = filepath.Clean(path)
	if c, err := filepath.EvalSymlinks(path); err == nil {
		return c
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

// moduleDir finds the directory of the go.mod that holds a path. It may be
// above the workspace folder (a folder inside a module): the check runs
// there, but only files inside the workspace get diagnostics, and go get
// runs only in a module directory inside the workspace.
func moduleDir(path string) string {
	dir := filepath.Dir(path)
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// fresh reports whether the latest check of dir started after file and the
// module's dependency files were last modified.
func (s *server) fresh(dir, file string) bool {
	s.mu.Lock()
	rr := s.runs[dir]
	pending := s.pending[dir]
	s.mu.Unlock()
	if rr == nil || pending {
		return false
	}
	for _, p := range []string{file, filepath.Join(dir, "go.mod"), filepath.Join(dir, "go.sum"), filepath.Join(dir, "vendor", "modules.txt")} {
		fi, err := os.Stat(p)
		if err == nil && !fi.ModTime().Before(rr.started) {
			return false
		}
	}
	return true
}

func (s *server) uriFor(path string) string {
	if doc := s.docs[path]; doc != nil {
		return doc.uri
	}
	return pathToURI(path)
}

func (s *server) reply(id json.RawMessage, result any) {
	s.send(responseOK{JSONRPC: "2.0", ID: id, Result: result})
}

func (s *server) replyError(id json.RawMessage, err *rpcError) {
	s.send(responseErr{JSONRPC: "2.0", ID: id, Error: err})
}

func (s *server) notify(method string, params any) {
	s.send(notification{JSONRPC: "2.0", Method: method, Params: params})
}

func (s *server) send(v any) {
	if err := s.out.write(v); err != nil {
		fmt.Fprintf(s.opts.Log, "fixlint lsp: write: %v\n", err)
	}
}

// logf logs to the client (window/logMessage) and to the log writer.
func (s *server) logf(typ int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(s.opts.Log, "fixlint lsp: %s\n", msg)
	s.notify("window/logMessage", LogMessageParams{Type: typ, Message: "fixlint: " + msg})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
