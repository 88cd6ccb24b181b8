//go:build unix

package fileio

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of old, where the process may:
// fixlint -fix run as root must not leave the user's files owned by root.
// Elsewhere the new file is the process's, as any file it writes.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		f.Chown(int(st.Uid), int(st.Gid)) // best effort: not permitted is fine
	}
}
