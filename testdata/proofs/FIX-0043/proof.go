// Proof for FIX-0043: a loopback server serves a file from disk through
// handlers.CompressHandler; a client that asks for gzip prints the
// Content-Encoding it receives and what gunzipping the body gives.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/handlers"
)

const text = "hello, compressed world\n"

func fetch(h http.Handler) string {
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hello.txt", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	// A Transport that leaves the body as the server sent it.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := fmt.Sprintf("Content-Encoding %q, ", resp.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(strings.NewReader(string(raw)))
	if err != nil {
		return out + fmt.Sprintf("gunzip: %v, raw body %q", err, raw)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return out + fmt.Sprintf("gunzip: %v", err)
	}
	return out + fmt.Sprintf("gunzipped body %q", body)
}

func main() {
	dir, err := os.MkdirTemp("", "fix0043")
	if err != nil {
		fmt.Println("setup:", err)
		return
	}
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "hello.txt"), []byte(text), 0o644)

	// The trigger: CompressHandler in front of a file server (*os.File bodies).
	fmt.Println("trigger CompressHandler(http.FileServer):", fetch(handlers.CompressHandler(http.FileServer(http.Dir(dir)))))

	// Fix option on v1.5.0: hide io.ReaderFrom from the file server so that
	// the copy goes through Write.
	hide := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(struct{ http.ResponseWriter }{w}, r)
		})
	}
	fmt.Println("fix CompressHandler(hide ReadFrom(FileServer)):", fetch(handlers.CompressHandler(hide(http.FileServer(http.Dir(dir))))))
}
