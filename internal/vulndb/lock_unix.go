//go:build unix

package vulndb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lock takes the store's lock, waiting (and calling waiting once) while
// another process holds it, until ctx ends. An flock is released by the
// kernel when its holder dies, so an update that was killed leaves no
// stale lock behind.
func lock(ctx context.Context, store string, waiting func()) (unlock func(), err error) {
	if err := os.MkdirAll(store, 0o777); err != nil {
		return nil, err
	}
	name := filepath.Join(store, lockFile)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases it
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %v", name, err)
		}
		if waiting != nil {
			waiting()
			waiting = nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for another fixlint osv update (it holds %s): %w", name, context.Cause(ctx))
		case <-time.After(100 * time.Millisecond):
		}
	}
}
