package analyzer

import (
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// safeRun runs f on pass and turns a panic into the pass's error. Drivers
// run analyzers in goroutines that no caller can recover (x/tools' checker,
// go vet's unitchecker, golangci-lint): without this, a bug in fixlint met
// by one package, often code being edited, would kill the whole process,
// and the language server with it. With it, the driver reports an error
// naming the package, and every other package is still analyzed.
func safeRun(pass *analysis.Pass, f func(*analysis.Pass) (any, error)) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			res = nil
			err = &InternalError{Package: pkgPath(pass), Panic: fmt.Sprint(p), Where: panicSite()}
		}
	}()
	return f(pass)
}

// InternalError is a bug in fixlint met while analyzing a package: the
// panic's value and where it happened, for a bug report.
type InternalError struct {
	Package string
	Panic   string
	Where   string // file:line of the innermost frame in fixlint's own code
}

func (e *InternalError) Error() string {
	return fmt.Sprintf("internal error in fixlint analyzing %s: %s (at %s; please report it, with the code it was analyzing if you can)",
		e.Package, e.Panic, e.Where)
}

func pkgPath(pass *analysis.Pass) string {
	if pass == nil || pass.Pkg == nil {
		return "a package"
	}
	return pass.Pkg.Path()
}

// panicSite returns the innermost frame of fixlint's own code on the
// panicking goroutine's stack (called from the deferred recover, so the
// panic's frames are still on it); the innermost frame outside the runtime
// otherwise.
func panicSite() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	first := ""
	for {
		fr, more := frames.Next()
		if !strings.HasPrefix(fr.Function, "runtime.") && fr.Function != "" {
			loc := fmt.Sprintf("%s:%d", trimPath(fr.File), fr.Line)
			if strings.Contains(fr.Function, "fixlint/") && !strings.Contains(fr.Function, "safeRun") {
				return loc
			}
			if first == "" {
				first = loc
			}
		}
		if !more {
			break
		}
	}
	if first == "" {
		return "unknown"
	}
	return first
}

// trimPath keeps the last two elements of a file path: enough to find it.
func trimPath(file string) string {
	i := strings.LastIndexByte(file, '/')
	if i < 0 {
		return file
	}
	if j := strings.LastIndexByte(file[:i], '/'); j >= 0 {
		return file[j+1:]
	}
	return file
}
