//go:build !unix

package vulndb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// lock takes the store's lock: a file created exclusively and removed at
// the end. Unlike an flock, it outlives a process that was killed; after
// an hour it is taken to be such a leftover.
func lock(ctx context.Context, store string, waiting func()) (unlock func(), err error) {
	if err := os.MkdirAll(store, 0o777); err != nil {
		return nil, err
	}
	name := filepath.Join(store, lockFile)
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("locking %s: %v", name, err)
		}
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(name)
			continue
		}
		if waiting != nil {
			waiting()
			waiting = nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for another fixlint osv update (it holds %s; remove it if none is running): %w", name, context.Cause(ctx))
		case <-time.After(100 * time.Millisecond):
		}
	}
}
