// Package upgrade works out what an upgrade of one module would do, before
// anyone runs go get: the known problems it clears, the other modules it
// moves through minimal version selection and the known problems those
// bring, and the user's code that no longer type-checks at the new
// versions. It changes none of the user's files: the go command works on a
// copy of go.mod and go.sum (-modfile).
package upgrade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/packages"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// Plan is what moving Module from From to To does.
type Plan struct {
	Module string `json:"module"`
	From   string `json:"from"`
	To     string `json:"to"`
	// Command is the go get that makes the move.
	Command string `json:"command"`
	// Fixes are the known problems the move clears, in Module and in the
	// modules it moves.
	Fixes []Problem `json:"fixes,omitempty"`
	// Moves are the other modules whose selected version changes.
	Moves []Move `json:"moves,omitempty"`
	// Brings are known problems of the new versions that the old ones did
	// not have.
	Brings []Problem `json:"brings,omitempty"`
	// Breaks are the places in the checked packages that type-check at the
	// current versions and not at the new ones.
	Breaks []Break `json:"breaks,omitempty"`
	// Changes are uses that compile at the new versions but whose symbol
	// changed under them (a constant's value, a signature).
	Changes []Change `json:"changes,omitempty"`
	// Migrations are the changes to the user's code that come with the
	// upgrade: the cards' renames and the new versions' //go:fix inline
	// directives. Diff shows them all, as -apply would write them.
	Migrations []Migration `json:"migrations,omitempty"`
	Diff       string      `json:"diff,omitempty"`
	// Remaining are the Breaks left once the migrations are made (only
	// when there are migrations and breaks).
	Remaining      []Break `json:"breaks_after_migrations,omitempty"`
	remainingKnown bool
	// changes are the migrated files' contents, by absolute path.
	changes map[string]change
	// Packages is how many packages were type-checked at the new
	// versions: a plan that breaks nothing says of how much code.
	Packages int `json:"packages"`
	// Others is how many packages were not type-checked again because
	// they use no module the plan moves (and the go line stays).
	Others int `json:"unaffected_packages,omitempty"`
	// Incomplete says what the plan could not look at, and why.
	Incomplete string `json:"incomplete,omitempty"`
	// Notes say how the plan was made where that matters: a workspace
	// left out, a vendor directory to refresh.
	Notes []string `json:"notes,omitempty"`
}

// Problem is a card at a module version.
type Problem struct {
	Card    string `json:"card"`
	Title   string `json:"title"`
	Module  string `json:"module"`
	Version string `json:"version"`
	// Unused is set on a problem brought in a module that provides no
	// package to the build (it is in the module graph only).
	Unused bool `json:"unused,omitempty"`
	// Level is how close to the code the check finds a problem the plan
	// fixes today (Options.Levels): symbol (reached), package
	// (imported), module (required), unused; "" if not known.
	Level report.Level `json:"level,omitempty"`
}

// Move is another module's change of selected version; From is "" for a
// module the move adds to the build list.
type Move struct {
	Module string `json:"module"`
	From   string `json:"from,omitempty"`
	To     string `json:"to"`
}

// Break is a place that no longer type-checks.
type Break struct {
	Position string `json:"position"` // file:line:col
	Message  string `json:"message"`
}

// Options say where and what to plan for.
type Options struct {
	Env      *gocmd.Env
	Patterns []string
	Tests    bool
	Tags     []string
	Catalog  *rules.Catalog
	// Today is the code at the current versions (Current), the same for
	// every plan of a run; nil, and each plan works it out itself.
	Today *Today
	// Levels are the check's findings today: the closest level at which
	// it finds each card in each module (LevelKey), for what a plan fixes.
	Levels map[string]report.Level
}

// LevelKey is the key of Options.Levels.
func LevelKey(module, card string) string { return module + " " + card }

// Closer reports whether level a is closer to the code than b: a reached
// symbol, then an import, a require line, a module not built.
func Closer(a, b report.Level) bool { return levelRank(a) > levelRank(b) }

func levelRank(l report.Level) int {
	switch l {
	case report.SymbolLevel:
		return 4
	case report.PackageLevel:
		return 3
	case report.ModuleLevel:
		return 2
	case report.UnusedLevel:
		return 1
	}
	return 0
}

// Today is the user's code at the current versions: where it does not
// type-check, and its packages (with types) for the migrations to find
// the uses of renamed symbols in.
type Today struct {
	Errors map[Break]bool
	pkgs   []*packages.Package
}

// Current type-checks the packages at the current versions, as Make sees
// them (outside any workspace), for Options.Today.
func Current(ctx context.Context, opts Options) (*Today, error) {
	if opts.Env.GoMod == "" {
		return nil, fmt.Errorf("no go.mod")
	}
	opts.Env = standalone(opts.Env)
	dir := filepath.Dir(opts.Env.GoMod)
	pkgs, err := load(ctx, opts, dir, "", nil)
	if err != nil {
		return nil, err
	}
	errs, _ := errorsOf(pkgs, dir)
	return &Today{Errors: errs, pkgs: pkgs}, nil
}

// Make plans moving mod to version to.
func Make(ctx context.Context, opts Options, mod, to string) *Plan {
	p := &Plan{Module: mod, To: to, Command: "go get " + mod + "@" + to}
	if opts.Env.GoMod == "" {
		p.Incomplete = "no go.mod to plan against"
		return p
	}
	tmp, err := os.MkdirTemp("", "fixlint-upgrade-")
	if err != nil {
		p.Incomplete = err.Error()
		return p
	}
	defer os.RemoveAll(tmp)
	modfile := filepath.Join(tmp, "go.mod")
	if err := copyFile(opts.Env.GoMod, modfile); err != nil {
		p.Incomplete = err.Error()
		return p
	}
	sum := strings.TrimSuffix(opts.Env.GoMod, ".mod") + ".sum"
	if _, err := os.Stat(sum); err == nil {
		if err := copyFile(sum, filepath.Join(tmp, "go.sum")); err != nil {
			p.Incomplete = err.Error()
			return p
		}
	}
	dir := filepath.Dir(opts.Env.GoMod)
	opts.Env = standalone(opts.Env)
	if os.Getenv("GOWORK") != "off" && opts.Env.GoWork != "" {
		p.Notes = append(p.Notes, "planned for this module alone: "+opts.Env.GoWork+" is left out (go get changes one go.mod)")
	}
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		p.Notes = append(p.Notes, "the module vendors its dependencies: after go get, run go mod vendor")
	}
	// The build list before, from the same copy and in the same mode as
	// after (a vendor directory lists only what it holds).
	before, err := listModules(ctx, opts.Env, dir, modfile)
	if err != nil {
		p.Incomplete = "could not list the current build list: " + err.Error()
		return p
	}
	p.From = before[mod]
	if v, ok := before[mod]; ok && v == "" {
		// go get would change the requirement, and the replacement
		// would still decide what is built.
		p.Incomplete = mod + " is replaced by a directory or another module (a replace directive): go get does not change the code the build uses"
		return p
	}
	if _, err := opts.Env.Run(ctx, dir, "get", "-modfile="+modfile, mod+"@"+to); err != nil {
		p.Incomplete = "could not compute the new build list: " + err.Error()
		return p
	}
	after, err := listModules(ctx, opts.Env, dir, modfile)
	if err != nil {
		p.Incomplete = "could not list the new build list: " + err.Error()
		return p
	}
	p.compare(before, after, opts)
	today := opts.Today
	if today == nil {
		if today, err = Current(ctx, opts); err != nil {
			p.Incomplete = "could not type-check the packages at the current versions: " + err.Error()
			return p
		}
	}
	b, err := listBuild(ctx, opts, dir, modfile)
	if err != nil {
		p.Notes = append(p.Notes, "could not list the packages of the build at the new versions: "+firstLine(err.Error()))
	} else {
		p.markUnused(b)
	}
	// Only the packages that use a moved module can change.
	checkOpts := opts
	if pkgs, all, others := scope(ctx, opts, dir, modfile, b, p.moved(), opts.Env.GoMod); !all {
		p.Others = others
		if len(pkgs) == 0 {
			return p
		}
		checkOpts.Patterns = pkgs
	}
	later := p.breaks(ctx, checkOpts, today, dir, modfile)
	if later != nil {
		p.findChanges(today, later, after, dir)
		p.migrate(ctx, checkOpts, today, later, b, after, dir, modfile)
	}
	return p
}

// moved are the module the plan upgrades and the modules it moves.
func (p *Plan) moved() map[string]bool {
	moved := map[string]bool{p.Module: true}
	for _, m := range p.Moves {
		moved[m.Module] = true
	}
	return moved
}

// standalone is env for one module, outside any workspace: -modfile does
// not work in workspace mode, and go get changes one go.mod.
func standalone(env *gocmd.Env) *gocmd.Env {
	e := *env
	e.Environ = append(append([]string(nil), env.Environ...), "GOWORK=off")
	e.GoWork = env.GoWork
	return &e
}

// compare fills in Fixes, Moves and Brings from the two build lists.
func (p *Plan) compare(before, after map[string]string, opts Options) {
	cat, goos, goarch := opts.Catalog, opts.Env.GOOS, opts.Env.GOARCH
	paths := make([]string, 0, len(after))
	for path := range after {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		newV, oldV := after[path], before[path]
		if oldV == newV || newV == "" {
			continue // unchanged, or replaced: not a version to judge
		}
		if path != p.Module {
			p.Moves = append(p.Moves, Move{Module: path, From: oldV, To: newV})
		}
		if !cat.HasModule(path) {
			continue
		}
		for _, card := range cat.ForModule(path) {
			if !card.ModuleLevel() || (goos != "" && !card.AffectsPlatform(goos, goarch)) {
				continue // a problem of another platform's packages, as the check leaves out
			}
			wasHit := versions.Known(oldV) && versions.Check(card.Affected, oldV) == versions.Affected
			isHit := versions.Check(card.Affected, newV) == versions.Affected
			switch {
			case wasHit && !isHit:
				p.Fixes = append(p.Fixes, Problem{Card: card.ID, Title: card.Title, Module: path, Version: oldV, Level: opts.Levels[LevelKey(path, card.ID)]})
			case isHit && !wasHit:
				p.Brings = append(p.Brings, Problem{Card: card.ID, Title: card.Title, Module: path, Version: newV})
			}
		}
	}
}

// breaks type-checks the packages at the new versions and keeps the errors
// that the current versions do not have: code being edited may not
// type-check today, and that is not the upgrade's doing. It returns the
// packages at the new versions, or nil if they could not be loaded.
func (p *Plan) breaks(ctx context.Context, opts Options, today *Today, dir, modfile string) []*packages.Package {
	pkgs, err := load(ctx, opts, dir, modfile, nil)
	if err != nil {
		p.Incomplete = "could not type-check the packages at the new versions: " + err.Error()
		return nil
	}
	later, n := errorsOf(pkgs, dir)
	p.Packages = n
	p.Breaks = newErrors(today.Errors, later)
	return pkgs
}

// newErrors are the errors of later that now does not have, in order.
func newErrors(now, later map[Break]bool) []Break {
	var out []Break
	for b := range later {
		if !now[b] {
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Position < out[j].Position })
	return out
}

// TypeErrors is the errors of the packages at the versions go.mod selects:
// what -apply compares before and after the upgrades.
func TypeErrors(ctx context.Context, opts Options, dir string) (map[Break]bool, int, error) {
	pkgs, err := load(ctx, opts, dir, "", nil)
	if err != nil {
		return nil, 0, err
	}
	errs, n := errorsOf(pkgs, dir)
	return errs, n, nil
}

// load type-checks the packages (at the versions modfile selects, or the
// current ones), with overlay's file contents in place of the files'.
func load(ctx context.Context, opts Options, dir, modfile string, overlay map[string][]byte) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx, Dir: dir, Env: opts.Env.Environ, Tests: opts.Tests, Overlay: overlay,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedModule,
	}
	cfg.BuildFlags = buildFlags(opts, modfile)
	return packages.Load(cfg, opts.Patterns...)
}

// errorsOf returns the errors of the main module's packages, keyed by
// place and message, and how many of its packages were checked.
func errorsOf(pkgs []*packages.Package, dir string) (map[Break]bool, int) {
	errs := make(map[Break]bool)
	n := 0
	for _, pkg := range pkgs {
		if pkg.Module == nil || !pkg.Module.Main {
			continue
		}
		n++
		for _, e := range pkg.Errors {
			if strings.HasPrefix(e.Msg, "# ") {
				// The go command's compile of the package, which says
				// again what the type checker says.
				continue
			}
			pos := e.Pos
			if pos == "" || pos == "-" {
				pos = pkg.PkgPath
			}
			errs[Break{Position: relative(dir, pos), Message: e.Msg}] = true
		}
	}
	return errs, n
}

// listModules is go list -m all at the versions modfile selects: each
// module's version whose code the build uses (buildlist.Module.Selected:
// a replacement by another version of the same module counts as that
// version), and "" for one that cannot be compared (a fork, a directory),
// which no card can be judged at.
func listModules(ctx context.Context, env *gocmd.Env, dir, modfile string) (map[string]string, error) {
	out, err := env.Run(ctx, dir, "list", "-modfile="+modfile, "-mod=mod", "-m", "-json", "all")
	if err != nil {
		return nil, err
	}
	list, err := buildlist.Decode(out)
	if err != nil {
		return nil, err
	}
	mods := make(map[string]string)
	for _, m := range list {
		if m.Main {
			continue
		}
		if v, unknown := m.Selected(); unknown == "" && semver.IsValid(v) {
			mods[m.Path] = v
		} else {
			mods[m.Path] = ""
		}
	}
	return mods, nil
}

func copyFile(from, to string) error {
	data, err := fileio.ReadRegular(from, 16<<20)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o666)
}

// relative shortens file:line:col to the module directory.
func relative(dir, pos string) string {
	if rel, err := filepath.Rel(dir, pos); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return pos
}

// Summary is the plan in one line, for an editor's upgrade action: what it
// fixes, brings, breaks and migrates.
func (p *Plan) Summary() string {
	if p.Incomplete != "" {
		msg := p.Incomplete
		if len(msg) > 120 {
			msg = msg[:120] + "…"
		}
		return "not planned: " + msg
	}
	s := "fixes " + report.Count(len(p.Fixes), "known problem")
	if len(p.Fixes) == 0 {
		s = "fixes no known problem"
	}
	if n := p.broughtUsed(); n > 0 {
		s += ", brings " + report.Count(n, "known problem")
	}
	switch {
	case len(p.Breaks) == 0:
		s += ", breaks nothing in your code"
	case p.remainingKnown && len(p.Remaining) == 0:
		s += fmt.Sprintf(", breaks %s that its migrations fix (%s)", report.Count(len(p.Breaks), "place"), p.Breaks[0].Position)
	default:
		s += fmt.Sprintf(", breaks %s (first %s)", report.Count(len(p.Breaks), "place"), p.Breaks[0].Position)
	}
	if len(p.Changes) > 0 {
		s += ", changes " + report.Count(len(p.Changes), "use") + " that still compile"
	}
	if len(p.Migrations) > 0 {
		s += ", " + report.Count(len(p.Migrations), "migration")
	}
	return s
}

// String is the plan for people.
func (p *Plan) String() string {
	var b strings.Builder
	from := p.From
	if from == "" {
		from = "(not in the build)"
	}
	fmt.Fprintf(&b, "%s %s => %s (%s)\n", p.Module, from, p.To, p.Command)
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	if p.Incomplete != "" {
		fmt.Fprintf(&b, "  not checked: %s\n", p.Incomplete)
		return b.String()
	}
	if len(p.Fixes) > 0 {
		fmt.Fprintf(&b, "  fixes %d:\n", len(p.Fixes))
		for _, f := range p.Fixes {
			fmt.Fprintf(&b, "    %s in %s %s%s: %s\n", f.Card, f.Module, f.Version, levelNote(f.Level), f.Title)
		}
	} else {
		b.WriteString("  fixes no known problem\n")
	}
	for _, m := range p.Moves {
		if m.From == "" {
			fmt.Fprintf(&b, "  adds %s %s\n", m.Module, m.To)
		} else {
			fmt.Fprintf(&b, "  moves %s %s => %s\n", m.Module, m.From, m.To)
		}
	}
	var unused []string
	for _, f := range p.Brings {
		if f.Unused {
			unused = append(unused, f.Card+" ("+f.Module+" "+f.Version+")")
			continue
		}
		fmt.Fprintf(&b, "  brings %s in %s %s: %s\n", f.Card, f.Module, f.Version, f.Title)
	}
	if len(unused) > 0 {
		fmt.Fprintf(&b, "  brings %s in modules no package of which is built: %s\n", report.Count(len(unused), "known problem"), strings.Join(unused, ", "))
	}
	switch {
	case len(p.Breaks) == 0 && p.Packages == 0 && p.Others > 0:
		b.WriteString("  breaks nothing in your code: no package of yours uses a module it moves\n")
	case len(p.Breaks) == 0:
		verb := "type-check"
		if p.Packages == 1 {
			verb = "type-checks"
		}
		others := ""
		switch {
		case p.Others == 1:
			others = " (1 other uses no module it moves)"
		case p.Others > 1:
			others = fmt.Sprintf(" (%d others use no module it moves)", p.Others)
		}
		fmt.Fprintf(&b, "  breaks nothing in your code: the %s checked %s at the new versions%s\n", report.Count(p.Packages, "package"), verb, others)
	default:
		fmt.Fprintf(&b, "  breaks %s (they type-check today, not at the new versions):\n", report.Count(len(p.Breaks), "place"))
		for _, br := range p.Breaks {
			fmt.Fprintf(&b, "    %s: %s\n", br.Position, indent(br.Message))
		}
	}
	if len(p.Changes) > 0 {
		fmt.Fprintf(&b, "  changes under %s (they compile at the new versions; check what they mean):\n", report.Count(len(p.Changes), "use"))
		for _, c := range p.Changes {
			fmt.Fprintf(&b, "    %s: %s\n", c.Position, c.Message)
		}
	}
	if len(p.Migrations) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "  migrates %s (fixlint upgrade -apply makes them):\n", report.Count(len(p.Migrations), "place"))
	for _, m := range p.Migrations {
		card := ""
		if m.Card != "" {
			card = " (" + m.Card + ")"
		}
		fmt.Fprintf(&b, "    %s: %s%s\n", m.Position, m.Message, card)
	}
	if p.remainingKnown {
		if len(p.Remaining) == 0 {
			b.WriteString("  with the migrations made, nothing is broken\n")
		} else {
			fmt.Fprintf(&b, "  with the migrations made, still broken (%d):\n", len(p.Remaining))
			for _, br := range p.Remaining {
				fmt.Fprintf(&b, "    %s: %s\n", br.Position, indent(br.Message))
			}
		}
	}
	for _, line := range strings.SplitAfter(strings.TrimSuffix(p.Diff, "\n"), "\n") {
		b.WriteString("    " + line)
	}
	b.WriteString("\n")
	return b.String()
}

// levelNote says how close the check finds a fixed problem today.
func levelNote(l report.Level) string {
	switch l {
	case report.SymbolLevel:
		return " (reached from your code)"
	case report.PackageLevel:
		return " (imported)"
	case report.ModuleLevel:
		return " (required)"
	case report.UnusedLevel:
		return " (no package of it is built)"
	}
	return ""
}

// Reached counts the fixed problems the check finds reached from the
// code, and imported: what orders plans by value.
func (p *Plan) Reached() (reached, imported int) {
	for _, f := range p.Fixes {
		switch f.Level {
		case report.SymbolLevel:
			reached++
		case report.PackageLevel:
			imported++
		}
	}
	return reached, imported
}

// broughtUsed counts the problems brought in modules the build uses.
func (p *Plan) broughtUsed() int {
	n := 0
	for _, f := range p.Brings {
		if !f.Unused {
			n++
		}
	}
	return n
}

// firstLine is the first line of a go command's error.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// indent keeps a type error's further lines (have/want) under its first.
func indent(msg string) string {
	return strings.ReplaceAll(strings.ReplaceAll(msg, "\n\t", "\n"), "\n", "\n      ")
}
