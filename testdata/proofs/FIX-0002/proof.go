// Proof for FIX-0002: a loopback server records the Authorization header
// resty sends after SetAuthScheme(""), on the client and on the request, and
// after the fix option (the header set by hand, no auth token configured).
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-resty/resty/v2"
)

func main() {
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("Authorization")
	}))
	defer srv.Close()

	send := func(r *resty.Request) string {
		seen = "(none)"
		if _, err := r.Get(srv.URL); err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("Authorization: %q", seen)
	}

	// The trigger: a bare token wanted, the scheme emptied on the client...
	fmt.Println("trigger client SetAuthToken(t).SetAuthScheme(\"\"):", send(resty.New().SetAuthToken("t0k").SetAuthScheme("").R()))
	// ...or on the request.
	fmt.Println("trigger request SetAuthScheme(\"\").SetAuthToken(t):", send(resty.New().R().SetAuthScheme("").SetAuthToken("t0k")))
	// Fix option: set the header yourself, with no auth token configured.
	fmt.Println("fix SetHeader(\"Authorization\", t):", send(resty.New().SetHeader("Authorization", "t0k").R()))
	// Its limit: with an auth token configured, resty overwrites that header.
	fmt.Println("fix SetHeader with a token also set:", send(resty.New().SetHeader("Authorization", "t0k").SetAuthToken("other").R()))
}
