// Proof for FIX-0041: a backend streams part of a body and then drops the
// connection; an httputil.ReverseProxy behind chi's middleware.Recoverer
// relays it and panics with http.ErrAbortHandler. The client prints the body
// it read and the read error: a truncated body that ends cleanly means the
// abort was swallowed.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func main() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // the backend dies mid-stream
		}
	}))
	defer backend.Close()
	target, _ := url.Parse(backend.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0)

	fetch := func(h http.Handler) string {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Start()
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			return "error: " + err.Error()
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return fmt.Sprintf("status %d, body %q, read error: %v", resp.StatusCode, body, err)
	}

	// The trigger: middleware.Recoverer in front of a handler that aborts.
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Handle("/*", proxy)
	fmt.Println("trigger Recoverer + ReverseProxy:", fetch(r))

	// Fix option on older versions: a recoverer that re-panics http.ErrAbortHandler.
	own := chi.NewRouter()
	own.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if rvr := recover(); rvr != nil {
					if rvr == http.ErrAbortHandler {
						panic(rvr)
					}
					w.WriteHeader(http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	})
	own.Handle("/*", proxy)
	fmt.Println("fix own recoverer re-panicking ErrAbortHandler:", fetch(own))
}
