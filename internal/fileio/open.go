package fileio

import (
	"io/fs"
	"os"
)

// OpenRegular opens the regular file at path (links followed) for reading,
// for a reader that needs more than ReadRegular's whole-file read (a file
// read in parts, at offsets). Anything else is a *NotRegularError, found
// before the file is opened or, when the path was swapped in between, right
// after; it never blocks on a FIFO.
func OpenRegular(path string) (*os.File, error) {
	if _, err := StatRegular(path); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{path, fi.Mode()}
	}
	return f, nil
}

// StatRegular returns the FileInfo of the regular file at path (links
// followed), or a *NotRegularError for anything else, without opening it:
// for a file another program will read, such as the go command's go.mod.
func StatRegular(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{path, fi.Mode()}
	}
	return fi, nil
}
