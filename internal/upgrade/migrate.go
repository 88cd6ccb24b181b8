package upgrade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inline"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/fixlint/fixlint/internal/diff"
	"github.com/fixlint/fixlint/internal/fileio"
	"github.com/fixlint/fixlint/rules"
)

// Migration is one change to the user's code that comes with an upgrade.
type Migration struct {
	// Position is file:line:col in the code as it is now.
	Position string `json:"position"`
	// Kind is "rename" (a card's rename_to) or "inline" (a //go:fix
	// inline directive of a new version).
	Kind    string `json:"kind"`
	Card    string `json:"card,omitempty"`
	Message string `json:"message"`
}

// edit replaces bytes [start, end) of file (an absolute path) with text.
type edit struct {
	file       string
	start, end int
	text       string
}

// change is a file's content before and after the migrations.
type change struct{ old, new []byte }

// maxSource bounds the size of a source file the migrations read.
const maxSource = 16 << 20

// migrate finds the migrations that come with the plan's new versions
// (later is the code type-checked at them), computes the diff, and says
// which breaks would remain once the migrations are made.
func (p *Plan) migrate(ctx context.Context, opts Options, today *Today, later []*packages.Package, b build, after map[string]string, dir, modfile string) {
	moved := p.moved()
	edits, migs := renames(opts.Catalog, today, later, after, moved, dir)
	inl, inlMigs, err := inlines(ctx, opts, dir, modfile, b, moved, after)
	if err != nil {
		p.Notes = append(p.Notes, "calls to inline (//go:fix inline) not looked for: "+err.Error())
	}
	edits, migs = append(edits, inl...), append(migs, inlMigs...)
	// Only the module's own files are ever rewritten (not a cgo file's
	// generated twin in the build cache, not a file outside the module,
	// nor one a symbolic link in the module points outside it to).
	kept := edits[:0]
	outside := make(map[string]bool)
	for _, e := range edits {
		if inside(dir, e.file) {
			kept = append(kept, e)
		} else if !outside[e.file] {
			outside[e.file] = true
			p.Notes = append(p.Notes, "migrations of "+e.file+" left out: the file is not in the module's directory")
		}
	}
	edits = kept
	if len(outside) > 0 {
		keptMigs := migs[:0]
		for _, m := range migs {
			file, _, _ := strings.Cut(m.Position, ":")
			if !outside[filepath.Join(dir, file)] && !outside[file] {
				keptMigs = append(keptMigs, m)
			}
		}
		migs = keptMigs
	}
	if len(edits) == 0 {
		return
	}
	changes, err := applyEdits(edits)
	if err != nil {
		p.Notes = append(p.Notes, "migrations left out: "+err.Error())
		return
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].Position < migs[j].Position })
	p.Migrations, p.changes = migs, changes
	var d strings.Builder
	for _, file := range sortedFiles(changes) {
		rel := filepath.ToSlash(relative(dir, file))
		d.WriteString(diff.Unified("a/"+rel, "b/"+rel, changes[file].old, changes[file].new))
	}
	p.Diff = d.String()
	if len(p.Breaks) == 0 {
		return
	}
	overlay := make(map[string][]byte, len(changes))
	for file, c := range changes {
		overlay[file] = c.new
	}
	pkgs, err := load(ctx, opts, dir, modfile, overlay)
	if err != nil {
		p.Notes = append(p.Notes, "could not type-check the code with the migrations made: "+err.Error())
		return
	}
	errs, _ := errorsOf(pkgs, dir)
	p.Remaining = newErrors(today.Errors, errs)
	p.remainingKnown = true
}

// renames are the uses, in today's code, of symbols that a card about a
// module the plan moves renames at the new version, where the new name
// exists at that version.
func renames(cat *rules.Catalog, today *Today, later []*packages.Package, after map[string]string, moved map[string]bool, dir string) ([]edit, []Migration) {
	if cat == nil {
		return nil, nil
	}
	wanted := make(map[string]rules.TriggerRef)
	for mod := range moved {
		v, ok := after[mod]
		if !ok {
			continue
		}
		for _, card := range cat.ForModule(mod) {
			if !card.AffectsVersion(v) {
				continue // the old name is not deprecated or gone at v
			}
			for i := range card.Triggers {
				t := &card.Triggers[i]
				if t.Kind() == rules.UsesTrigger && t.RenameTo != "" {
					wanted[rules.NormalizeSymbol(t.Uses)] = rules.TriggerRef{Card: card, Trigger: t}
				}
			}
		}
	}
	if len(wanted) == 0 {
		return nil, nil
	}
	// The packages as the new versions have them: the user's code imports
	// a renamed symbol's package directly.
	newPkgs := make(map[string]*types.Package)
	for _, pkg := range later {
		if pkg.Types == nil {
			continue
		}
		for _, imp := range pkg.Types.Imports() {
			newPkgs[imp.Path()] = imp
		}
	}
	var edits []edit
	var migs []Migration
	seen := make(map[token.Position]bool) // a file in a package and its test variant
	for _, pkg := range today.pkgs {
		if pkg.Module == nil || !pkg.Module.Main || pkg.TypesInfo == nil {
			continue
		}
		for id, obj := range pkg.TypesInfo.Uses {
			if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
				continue // only package-level names are renamed
			}
			ref, ok := wanted[rules.NormalizeSymbol(obj.Pkg().Path()+"."+obj.Name())]
			if !ok {
				continue
			}
			np := newPkgs[obj.Pkg().Path()]
			if np == nil || np.Scope().Lookup(ref.Trigger.RenameTo) == nil {
				continue // the new name is not there to move to
			}
			pos := pkg.Fset.Position(id.Pos())
			if seen[pos] || !pos.IsValid() {
				continue
			}
			seen[pos] = true
			edits = append(edits, edit{file: pos.Filename, start: pos.Offset, end: pos.Offset + len(id.Name), text: ref.Trigger.RenameTo})
			migs = append(migs, Migration{
				Position: relative(dir, pos.String()),
				Kind:     "rename",
				Card:     ref.Card.ID,
				Message:  fmt.Sprintf("%s.%s is %s.%s from %s %s", obj.Pkg().Name(), obj.Name(), obj.Pkg().Name(), ref.Trigger.RenameTo, ref.Card.Module, after[ref.Card.Module]),
			})
		}
	}
	return edits, migs
}

// inlines are the calls and references in the user's code that a
// //go:fix inline directive of a module the plan moves asks to inline, as
// Go 1.26's inline analyzer rewrites them, at the new versions. The
// analyzer needs every package's syntax, so it runs only when a package
// of a moved module in the build has such a directive; a package that
// does not type-check at the new versions is not rewritten.
func inlines(ctx context.Context, opts Options, dir, modfile string, b build, moved map[string]bool, after map[string]string) ([]edit, []Migration, error) {
	if b == nil {
		return nil, nil, errors.New("the build at the new versions could not be listed")
	}
	if !hasInlineDirectives(b, moved) {
		return nil, nil, nil
	}
	cfg := &packages.Config{
		Context: ctx, Dir: dir, Env: opts.Env.Environ, Tests: opts.Tests,
		Mode:       packages.LoadAllSyntax | packages.NeedModule,
		BuildFlags: buildFlags(opts, modfile),
	}
	pkgs, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, nil, err
	}
	modOf := make(map[string]string)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil {
			modOf[p.PkgPath] = p.Module.Path
		}
	})
	graph, err := checker.Analyze([]*analysis.Analyzer{inline.Analyzer}, pkgs, nil)
	if err != nil {
		return nil, nil, err
	}
	var edits []edit
	var migs []Migration
	seen := make(map[string]bool)
	skipped := 0
	for _, act := range graph.Roots {
		pkg := act.Package
		if act.Analyzer != inline.Analyzer || pkg.Module == nil || !pkg.Module.Main {
			continue
		}
		if len(pkg.Errors) > 0 || pkg.IllTyped {
			skipped++ // the analyzer does not run on it
			continue
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			obj := referenced(pkg, d.Pos, modOf, moved)
			if obj == nil {
				continue
			}
			pos := pkg.Fset.Position(d.Pos)
			key := pos.String() + d.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			for _, te := range d.SuggestedFixes[0].TextEdits {
				start, end := pkg.Fset.Position(te.Pos), pkg.Fset.Position(te.End)
				if te.End == token.NoPos {
					end = start
				}
				edits = append(edits, edit{file: start.Filename, start: start.Offset, end: end.Offset, text: string(te.NewText)})
			}
			mod := modOf[obj.Pkg().Path()]
			migs = append(migs, Migration{
				Position: relative(dir, pos.String()),
				Kind:     "inline",
				Message:  fmt.Sprintf("%s is inlined, as its //go:fix inline directive in %s %s asks", shortName(obj), mod, after[mod]),
			})
		}
	}
	if skipped > 0 {
		return edits, migs, fmt.Errorf("%s not type-check at the new versions (make the other migrations, then plan again)", pluralPackages(skipped))
	}
	return edits, migs, nil
}

func pluralPackages(n int) string {
	if n == 1 {
		return "1 package does"
	}
	return fmt.Sprintf("%d packages do", n)
}

// referenced returns the symbol that the call or reference at pos is to,
// if it belongs to a moved module: the directives that come with the
// upgrade, not ones the code could follow today.
func referenced(pkg *packages.Package, pos token.Pos, modOf map[string]string, moved map[string]bool) types.Object {
	var found types.Object
	for _, f := range pkg.Syntax {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > pos || n.End() <= pos {
				return false
			}
			var obj types.Object
			switch n := n.(type) {
			case *ast.CallExpr:
				if n.Pos() == pos {
					obj = typeutil.Callee(pkg.TypesInfo, n)
				}
			case *ast.Ident:
				if n.Pos() == pos {
					obj = pkg.TypesInfo.Uses[n]
				}
			}
			if obj != nil && obj.Pkg() != nil && moved[modOf[obj.Pkg().Path()]] {
				found = obj
			}
			return found == nil
		})
	}
	return found
}

// shortName spells obj as the user's code does: lib.F, (lib.T).M.
func shortName(obj types.Object) string {
	qual := func(p *types.Package) string { return p.Name() }
	if f, ok := obj.(*types.Func); ok {
		if recv := f.Signature().Recv(); recv != nil {
			return "(" + types.TypeString(recv.Type(), qual) + ")." + f.Name()
		}
	}
	return obj.Pkg().Name() + "." + obj.Name()
}

// hasInlineDirectives reports whether a package of a moved module, in the
// build at the new versions, has a //go:fix inline directive.
func hasInlineDirectives(b build, moved map[string]bool) bool {
	for mod, pkgs := range b {
		if !moved[mod] {
			continue
		}
		for _, pkg := range pkgs {
			for _, name := range pkg.files {
				data, err := fileio.ReadRegular(filepath.Join(pkg.dir, name), maxSource)
				if err == nil && bytes.Contains(data, []byte("//go:fix inline")) {
					return true
				}
			}
		}
	}
	return false
}

func buildFlags(opts Options, modfile string) []string {
	var flags []string
	if modfile != "" {
		flags = append(flags, "-modfile="+modfile, "-mod=mod")
	}
	if len(opts.Tags) > 0 {
		flags = append(flags, "-tags="+strings.Join(opts.Tags, ","))
	}
	return flags
}

// applyEdits applies the edits file by file to the files' contents now.
// Identical edits count once; of two that overlap (a rename inside a call
// being inlined), the first in the list wins and the other is left out.
func applyEdits(edits []edit) (map[string]change, error) {
	byFile := make(map[string][]edit)
	for _, e := range edits {
		byFile[e.file] = append(byFile[e.file], e)
	}
	changes := make(map[string]change)
	for file, es := range byFile {
		data, err := fileio.ReadRegular(file, maxSource)
		if err != nil {
			return nil, err
		}
		sort.SliceStable(es, func(i, j int) bool { return es[i].start < es[j].start })
		var out bytes.Buffer
		last := 0
		for i, e := range es {
			if i > 0 && e == es[i-1] {
				continue
			}
			if e.start < last || e.end > len(data) || e.start > e.end {
				continue // overlaps the one before: keep the first
			}
			out.Write(data[last:e.start])
			out.WriteString(e.text)
			last = e.end
		}
		out.Write(data[last:])
		edited := out.Bytes()
		if formatted(data) {
			// The inliner's edits leave imports unsorted and blank lines
			// behind; a file that was gofmt-clean stays so. One that was
			// not is left as the edits make it, so that the diff shows
			// only the migrations.
			if f, err := format.Source(edited); err == nil {
				edited = f
			}
		}
		if !bytes.Equal(edited, data) {
			changes[file] = change{old: data, new: edited}
		}
	}
	return changes, nil
}

// inside reports whether file, its symbolic links followed, is in dir.
func inside(dir, file string) bool {
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	realFile, err := filepath.EvalSymlinks(file)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(realDir, realFile)
	return err == nil && filepath.IsLocal(rel)
}

func formatted(src []byte) bool {
	f, err := format.Source(src)
	return err == nil && bytes.Equal(f, src)
}

func sortedFiles(changes map[string]change) []string {
	files := make([]string, 0, len(changes))
	for f := range changes {
		files = append(files, f)
	}
	sort.Strings(files)
	return files
}

// FileChange is a file's content before and after the plan's migrations.
type FileChange struct {
	Path     string // absolute
	Old, New []byte
}

// FileChanges are the plan's migrations, file by file, in path order: for
// a driver that makes them itself (an editor, through its buffers).
func (p *Plan) FileChanges() []FileChange {
	var out []FileChange
	for _, f := range sortedFiles(p.changes) {
		out = append(out, FileChange{Path: f, Old: p.changes[f].old, New: p.changes[f].new})
	}
	return out
}

// ApplyMigrations writes the plan's migrations, each file replaced whole
// and atomically. A file that changed since the plan was made (an earlier
// plan's migrations, or an editor) is left alone, with an error naming it.
func (p *Plan) ApplyMigrations() (files int, errs []error) {
	for _, file := range sortedFiles(p.changes) {
		c := p.changes[file]
		now, err := fileio.ReadRegular(file, maxSource)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !bytes.Equal(now, c.old) {
			errs = append(errs, fmt.Errorf("%s changed since the plan was made: its migrations for %s are not applied (run fixlint upgrade again)", file, p.Module))
			continue
		}
		if err := fileio.WriteFile(file, c.new, 0o666); err != nil {
			errs = append(errs, fmt.Errorf("%s: migrations not applied, the file is unchanged: %v", file, err))
			continue
		}
		files++
	}
	return files, errs
}
