package lsp

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/gocmd"
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
	return title + ": " + p.Summary()
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

// startPlan makes the plan in the background, one at a time with the
// checks and go get (goMu), with s.mu held by the caller.
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
		s.goMu.Lock()
		defer s.goMu.Unlock()
		ctx, cancel := context.WithTimeout(s.ctx, 2*time.Minute)
		defer cancel()
		env, err := gocmd.Prepare(ctx, key.dir)
		if err != nil {
			p = &upgrade.Plan{Module: key.mod, To: key.version, Incomplete: err.Error()}
			return
		}
		env.Environ = append(env.Environ, "GOPROXY=off")
		cat, _ := s.opts.Config.Catalog()
		opts := upgrade.Options{Env: env, Patterns: []string{"./..."}, Tests: s.opts.Tests, Tags: s.opts.Tags, Catalog: cat}
		p = upgrade.Make(ctx, opts, key.mod, key.version)
		s.logf(messageInfo, "plan for go get %s@%s: %s", key.mod, key.version, p.Summary())
	}()
}
