//go:build unix

package fileio

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking: opening a FIFO
// with no writer blocks forever otherwise. Reads of a regular file ignore
// O_NONBLOCK.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
