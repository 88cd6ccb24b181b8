package engine

import (
	"context"
	"fmt"
	"sort"

	"github.com/fixlint/fixlint/internal/buildlist"
	"github.com/fixlint/fixlint/internal/gocmd"
	"github.com/fixlint/fixlint/internal/published"
	"github.com/fixlint/fixlint/internal/report"
	"github.com/fixlint/fixlint/internal/versions"
	"github.com/fixlint/fixlint/rules"
)

// kindSeverity is the severity of each kind of finding that comes from
// what module authors publish, for the configuration's severity filter:
// a retracted version is a known problem the authors did not describe;
// a deprecated module still works.
var kindSeverity = map[string]rules.Severity{
	report.Retracted:  rules.Medium,
	report.Deprecated: rules.Low,
}

// readNotices reads, for every module of the build list at a version that
// can be compared, what its authors publish in its newest go.mod in the
// module cache; with fetch, the go command first brings each module's
// latest go.mod into the cache. A go.mod that cannot be read is an error
// naming it; the other modules are still read.
func readNotices(ctx context.Context, env *gocmd.Env, list *buildlist.List, fetch bool) (map[string]*published.Notice, []error) {
	if env == nil || env.GOMODCACHE == "" {
		return nil, nil
	}
	var paths []string
	for path, m := range list.ByPath {
		if v, unknown := m.Selected(); !m.Main && unknown == "" && versions.Known(v) {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	var errs []error
	if fetch {
		if err := published.FetchLatest(ctx, env, paths); err != nil {
			errs = append(errs, fmt.Errorf("fetching the modules' latest go.mod, so retractions and deprecations are as the module cache knows them: %v", err))
		}
	}
	cache := published.Cache{Dir: env.GOMODCACHE}
	notices := make(map[string]*published.Notice)
	for _, p := range paths {
		n, err := cache.Lookup(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading what the authors of %s publish: %v", p, err))
			continue
		}
		if n != nil {
			notices[p] = n
		}
	}
	return notices, errs
}
