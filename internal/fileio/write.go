package fileio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces the file at path with data, atomically: it writes a
// temporary file in the same directory, syncs it, and renames it over
// path. On any failure (a full disk, say) the original is untouched and the
// temporary file removed. An existing file keeps its mode and, where the
// process may set them (root, say, in a container), its owner and group; a
// new one gets perm. A symbolic link is followed: its target is replaced,
// the link kept. Being a new file, it no longer shares a hard link, and a
// file in a directory the process may not write to cannot be replaced.
func WriteFile(path string, data []byte, perm fs.FileMode) (err error) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	mode := perm
	var old fs.FileInfo
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return &NotRegularError{path, fi.Mode()}
		}
		mode, old = fi.Mode().Perm(), fi
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".fixlint-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if old != nil {
		keepOwner(tmp, old)
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
