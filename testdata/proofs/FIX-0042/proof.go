// Proof for FIX-0042: a loopback server routes GET / with a scheme matcher;
// the client prints the status it receives for the trigger (Schemes("http")
// on a route and on the router) and for the fix option (a MatcherFunc on
// r.TLS).
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gorilla/mux"
)

func status(h http.Handler) string {
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		return "error: " + err.Error()
	}
	resp.Body.Close()
	return fmt.Sprintf("status %d", resp.StatusCode)
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }

func main() {
	// The trigger: a scheme matcher on a route, and on the router.
	r := mux.NewRouter()
	r.HandleFunc("/", ok).Schemes("http")
	fmt.Println("trigger Route.Schemes(\"http\"), plain HTTP request:", status(r))

	r2 := mux.NewRouter()
	r2.Schemes("http").HandlerFunc(ok)
	fmt.Println("trigger Router.Schemes(\"http\"), plain HTTP request:", status(r2))

	// Fix option on older versions: match on the TLS state of the request.
	r3 := mux.NewRouter()
	r3.HandleFunc("/", ok).MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool { return req.TLS == nil })
	fmt.Println("fix MatcherFunc(req.TLS == nil), plain HTTP request:", status(r3))
}
