// Proof for FIX-0023: one request through a chi middleware.RouteHeaders()
// router; the program counts how often the next handler runs.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5/middleware"
)

func serve(mw func(http.Handler) http.Handler) string {
	calls := 0
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ })
	h := mw(next)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	return fmt.Sprintf("next handler ran %d time(s)", calls)
}

func main() {
	pass := func(next http.Handler) http.Handler { return next }

	// The trigger: a router with no routes at all.
	fmt.Println("trigger RouteHeaders().Handler:", serve(middleware.RouteHeaders().Handler))

	// What counts is the map at request time: a route added after Handler
	// was taken is seen by the installed handler.
	late := middleware.RouteHeaders()
	h := late.Handler
	late.Route("X-Tenant", "a", pass)
	fmt.Println("route added after Handler was taken:", serve(h))

	// Fix option: give the router a RouteDefault, so the map is never empty.
	fmt.Println("fix RouteDefault:", serve(middleware.RouteHeaders().RouteDefault(pass).Handler))
	// Fix option: leave the empty router out.
	fmt.Println("fix no header router:", serve(pass))
}
