// Proof for FIX-0024: chi's Compress middleware given the content type "/*"
// serves a text/html response; the Content-Encoding it sets shows whether it
// compressed. The fix options (per-type wildcards, explicit types, no types)
// run the same way.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5/middleware"
)

var page = strings.Repeat("<p>hello, compressed world</p>\n", 200)

func serve(types ...string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("panic: %v", r)
		}
	}()
	h := middleware.Compress(5, types...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return fmt.Sprintf("Content-Encoding %q, %d body bytes for %d written", rec.Header().Get("Content-Encoding"), rec.Body.Len(), len(page))
}

func main() {
	fmt.Println("trigger Compress(5, \"/*\"):", serve("/*"))
	fmt.Println("trigger Compress(5, \"text/html\", \"/*\"):", serve("text/html", "/*"))
	fmt.Println("fix Compress(5, \"text/*\", \"application/json\"):", serve("text/*", "application/json"))
	fmt.Println("fix Compress(5, \"text/html\"):", serve("text/html"))
	fmt.Println("fix Compress(5) (default list):", serve())
	fmt.Println("look-alike Compress(5, \"*/*\"):", serve("*/*"))
}
