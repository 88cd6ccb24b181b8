package lsp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/upgrade"
)

// The upgrade code action says what the upgrade does to the user's code:
// its plan (fixlint upgrade's engine), made in the background the first
// time the action is asked for, from the module cache alone (GOPROXY=off:
// the editor does not reach the network on its own), and kept until
// go.mod or go.sum change.

// planKey names one plan: the module directory, the upgrade, and the
// content of go.mod and go.sum it was made against.
type planKey struct {
	dir, mod, version string
	files             [sha256.Size]byte
}

// planState is a plan being made (plan nil) or made.
type planState struct {
	plan *upgrade.Plan
}

// upgradeTitle is the upgrade action's title: with the plan's summary when
// it is made; otherwise it starts making it and says so.
func (s *server) upgradeTitle(dir, mod, version string) string {
	title := fmt.Sprintf("Upgrade %s to %s (go get)", mod, version)
	key, ok := planKeyFor(dir, mod, version)
	if !ok {
		return title
	}
	s.mu.Lock()
	st, found := s.plans[key]
	if !found {
		if s.plans == nil {
			s.plans = make(map[planKey]*planState)
		}
		for k := range s.plans {
			if k.dir == key.dir && k.mod == key.mod && k.version == key.version {
				delete(s.plans, k) // made against an older go.mod or go.sum
			}
		}
		st = &planState{}
		s.plans[key] = st
		s.startPlan(key, st)
	}
	p := st.plan
	s.mu.Unlock()
	if p == nil {
		return title + ": planning what it changes"
	}
	title += ": " + p.Summary()
	if len(p.Migrations) > 0 && p.Incomplete == "" {
		if s.canApplyEdit() {
			title += ", made with the upgrade"
		} else {
			title += " (make them with fixlint upgrade -apply)"
		}
	}
	return title
}

func (s *server) canApplyEdit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applyEdit
}

// madePlan is the complete plan of the upgrade against go.mod and go.sum
// as they are, if it has been made.
func (s *server) madePlan(dir, mod, version string) *upgrade.Plan {
	key, ok := planKeyFor(dir, mod, version)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.plans[key]; st != nil && st.plan != nil && st.plan.Incomplete == "" {
		return st.plan
	}
	return nil
}

// applyEditTimeout bounds the wait for the client's answer to
// workspace/applyEdit.
const applyEditTimeout = 30 * time.Second

// migrate asks the client to make the plan's migrations, through its
// buffers (workspace/applyEdit): a file whose text, open or on disk, is
// no longer what the plan was made from is left out, and said so. A
// client without applyEdit is told to run fixlint upgrade -apply.
func (s *server) migrate(p *upgrade.Plan) {
	if !s.canApplyEdit() {
		s.logf(messageWarning, "%s@%s: %s not made (the client does not take workspace/applyEdit): run fixlint upgrade -apply", p.Module, p.To, report.Count(len(p.Migrations), "migration"))
		return
	}
	edit := WorkspaceEdit{Changes: make(map[string][]TextEdit)}
	for _, fc := range p.FileChanges() {
		path, ok := s.local(fc.Path)
		if !ok {
			continue
		}
		s.mu.Lock()
		var current []byte
		if doc := s.docs[path]; doc != nil {
			current = doc.text
		}
		s.mu.Unlock()
		if current == nil {
			current, _ = fileio.ReadRegular(path, 16<<20)
		}
		if !bytes.Equal(current, fc.Old) {
			s.logf(messageWarning, "%s changed since the plan of %s@%s was made: its migrations are not made", path, p.Module, p.To)
			continue
		}
		old := newLines(fc.Old)
		edit.Changes[s.uriFor(path)] = []TextEdit{{Range: Range{Start: Position{}, End: old.fromOffset(len(fc.Old))}, NewText: string(fc.New)}}
	}
	if len(edit.Changes) == 0 {
		return
	}
	ch := make(chan *incoming, 1)
	s.mu.Lock()
	s.requests++
	id := "fixlint-edit-" + strconv.Itoa(s.requests)
	if s.edits == nil {
		s.edits = make(map[string]chan *incoming)
	}
	s.edits[id] = ch
	s.mu.Unlock()
	s.send(request{JSONRPC: "2.0", ID: id, Method: "workspace/applyEdit", Params: ApplyWorkspaceEditParams{
		Label: fmt.Sprintf("fixlint: migrations of %s@%s", p.Module, p.To), Edit: edit,
	}})
	var answer *incoming
	select {
	case answer = <-ch:
	case <-time.After(applyEditTimeout):
	case <-s.ctx.Done():
	}
	if answer == nil {
		s.mu.Lock()
		delete(s.edits, id)
		s.mu.Unlock()
		s.logf(messageWarning, "%s@%s: the client did not answer workspace/applyEdit in %v; the migrations may not be made", p.Module, p.To, applyEditTimeout)
		return
	}
	var res ApplyWorkspaceEditResult
	if answer.Failed || json.Unmarshal(answer.Result, &res) != nil || !res.Applied {
		s.logf(messageWarning, "%s@%s: the client did not make the migrations %s", p.Module, p.To, res.FailureReason)
		return
	}
	s.logf(messageInfo, "%s@%s: made %s in %s (save them)", p.Module, p.To, report.Count(len(p.Migrations), "migration"), report.Count(len(edit.Changes), "file"))
}

func planKeyFor(dir, mod, version string) (planKey, bool) {
	gomod, err := fileio.ReadRegular(filepath.Join(dir, "go.mod"), 16<<20)
	if err != nil {
		return planKey{}, false
	}
	gosum, _ := fileio.ReadRegular(filepath.Join(dir, "go.sum"), 64<<20)
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", len(gomod))
	h.Write(gomod)
	h.Write(gosum)
	k := planKey{dir: dir, mod: mod, version: version}
	copy(k.files[:], h.Sum(nil))
	return k, true
}

// startPlan makes the plan in the background, with s.mu held by the
// caller.
func (s *server) startPlan(key planKey, st *planState) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var p *upgrade.Plan
		defer func() {
			if r := recover(); r != nil {
				s.logf(messageError, "internal error planning %s@%s: %v", key.mod, key.version, r)
				p = &upgrade.Plan{Module: key.mod, To: key.version, Incomplete: fmt.Sprintf("internal error: %v", r)}
			}
			s.mu.Lock()
			st.plan = p
			s.mu.Unlock()
		}()
		// Not under goMu: a plan changes no file of the user's (the go
		// command works on copies of go.mod and go.sum), and a check on
		// save must not wait for it. Plans go one at a time.
		s.planMu.Lock()
		defer s.planMu.Unlock()
		ctx, cancel := context.WithTimeout(s.ctx, 2*time.Minute)
		defer cancel()
		env, err := gocmd.Prepare(ctx, key.dir)
		if err != nil {
			p = &upgrade.Plan{Module: key.mod, To: key.version, Incomplete: err.Error()}
			return
		}
		env.Environ = append(env.Environ, "GOPROXY=off")
		cat := s.catalog() // the server's, shared with hover
		opts := upgrade.Options{Env: env, Patterns: []string{"./..."}, Tests: s.opts.Tests, Tags: s.opts.Tags, Catalog: cat}
		p = upgrade.Make(ctx, opts, key.mod, key.version)
		s.logf(messageInfo, "plan for go get %s@%s: %s", key.mod, key.version, p.Summary())
	}()
}
