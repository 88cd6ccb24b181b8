package fileio

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	if err := os.WriteFile(small, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadRegular(small, 5); err != nil || string(data) != "hello" {
		t.Errorf("ReadRegular(small, 5) = %q, %v", data, err)
	}
	var tooLarge *TooLargeError
	if _, err := ReadRegular(small, 4); !errors.As(err, &tooLarge) {
		t.Errorf("ReadRegular(small, 4): %v, want a TooLargeError", err)
	}
	var notRegular *NotRegularError
	if _, err := ReadRegular(dir, 1<<20); !errors.As(err, &notRegular) {
		t.Errorf("ReadRegular(dir): %v, want a NotRegularError", err)
	}
	if _, err := ReadRegular("/dev/zero", 1<<20); !errors.As(err, &notRegular) {
		t.Errorf("ReadRegular(/dev/zero): %v, want a NotRegularError", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadRegular(fifo, 1<<20); done <- err }()
	select {
	case err := <-done:
		if !errors.As(err, &notRegular) {
			t.Errorf("ReadRegular(fifo): %v, want a NotRegularError", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadRegular blocked on a FIFO")
	}
}

func TestWriteFileKeepsModeAndLink(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink("main.go", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o666); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	data, _ := os.ReadFile(file)
	fi, _ := os.Stat(file)
	if string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("after WriteFile: %q mode %v, want \"new\" mode 0600", data, fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

// TestWriteFileKeepsOwner: a file replaced by root keeps its owner and
// group (fixlint -fix in a container runs as root).
func TestWriteFileKeepsOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root may give a file away")
	}
	file := filepath.Join(t.TempDir(), "main.go")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(file, 1234, 5678); err != nil {
		t.Skipf("chown: %v", err)
	}
	if err := WriteFile(file, []byte("new"), 0o666); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 1234 || st.Gid != 5678 {
		t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
	}
}

// TestWriteFileRefusesNonRegular: a path that is a directory is not
// replaced.
func TestWriteFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	var nr *NotRegularError
	if err := WriteFile(dir, []byte("x"), 0o644); !errors.As(err, &nr) {
		t.Errorf("WriteFile over a directory: %v, want a NotRegularError", err)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "go.mod"), []byte("x"), 0o644); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
}

// TestWriteFileFull writes more than the file size limit allows (ulimit
// -f, which fails a write with EFBIG as a full disk fails it with ENOSPC)
// in a child process: the write fails, the original stays whole.
func TestWriteFileFull(t *testing.T) {
	if file := os.Getenv("FILEIO_FULL_CHILD"); file != "" {
		err := WriteFile(file, make([]byte, 1<<20), 0o644)
		if err == nil {
			os.Exit(0)
		}
		os.Stderr.WriteString(err.Error())
		os.Exit(7)
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash for ulimit")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	orig := []byte("package main\n")
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	// ulimit -f counts 1024-byte blocks; SIGXFSZ is ignored so that the
	// write fails with EFBIG instead of killing the child.
	cmd := exec.Command("bash", "-c", `trap "" XFSZ; ulimit -f 64; exec "$0" -test.run='^TestWriteFileFull$'`, os.Args[0])
	cmd.Env = append(os.Environ(), "FILEIO_FULL_CHILD="+file)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 7 {
		t.Fatalf("child: %v, want exit 7 (a failed write); output:\n%s", err, out)
	}
	if !strings.Contains(string(out), "file too large") {
		t.Errorf("child's error: %s, want EFBIG", out)
	}
	data, _ := os.ReadFile(file)
	if string(data) != string(orig) {
		t.Errorf("original changed by a failed write: %d bytes", len(data))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRegular(file)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	var notRegular *NotRegularError
	for _, p := range []string{dir, "/dev/zero"} {
		if f, err := OpenRegular(p); !errors.As(err, &notRegular) {
			t.Errorf("OpenRegular(%s): %v, want a NotRegularError", p, err)
			if f != nil {
				f.Close()
			}
		}
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := OpenRegular(fifo); done <- err }()
	select {
	case err := <-done:
		if !errors.As(err, &notRegular) {
			t.Errorf("OpenRegular(fifo): %v, want a NotRegularError", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OpenRegular blocked on a FIFO")
	}
}
