// Package fileio is how fixlint reads the files that flags, configuration
// and cards name, and how it writes the files it was asked to change.
//
// Reading: a path named by a user or a committed file can be anything: a
// FIFO that never delivers a byte, /dev/zero, a huge file. ReadRegular
// opens only regular files, without blocking on a FIFO swapped in between,
// and reads at most a limit.
//
// Writing: os.WriteFile truncates first, so a full disk or a crash halfway
// leaves a file cut short. WriteFile writes a temporary file in the same
// directory and renames it over the original, keeping its mode: the file
// is either the old one or the new one, whole.
package fileio
