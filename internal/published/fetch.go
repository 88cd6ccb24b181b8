package published

import (
	"context"

	"github.com/fixlint/fixlint/internal/gocmd"
)

// FetchLatest asks the go command to resolve mod@latest for each module,
// which brings the go.mod of its latest version (and the version list)
// into the module cache, where Cache reads it. It uses the network (the
// module proxy of GOPROXY) and changes no go.mod: go list -m never does.
// Lookup failures of single modules (a private module, no network) are
// left to the go command's -e: the cache then answers as it would have.
func FetchLatest(ctx context.Context, env *gocmd.Env, mods []string) error {
	const batch = 200 // stay far below the system's argument limits
	for len(mods) > 0 {
		n := min(batch, len(mods))
		args := []string{"list", "-m", "-e", "-json"}
		for _, m := range mods[:n] {
			args = append(args, m+"@latest")
		}
		if _, err := env.Run(ctx, env.Dir, args...); err != nil {
			return err
		}
		mods = mods[n:]
	}
	return nil
}
