// Proof for FIX-0002: a loopback server records the Authorization header
// resty sends after SetAuthScheme(""), and after the fix option (the header
// set by hand, no auth token configured).
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

	get := func(c *resty.Client) string {
		seen = "(none)"
		if _, err := c.R().Get(srv.URL); err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("Authorization: %q", seen)
	}

	// The trigger: a bare token wanted, the scheme emptied.
	fmt.Println("trigger SetAuthToken(t).SetAuthScheme(\"\"):", get(resty.New().SetAuthToken("t0k").SetAuthScheme("")))
	// Fix option: set the header yourself, with no auth token configured.
	fmt.Println("fix SetHeader(\"Authorization\", t):", get(resty.New().SetHeader("Authorization", "t0k")))
}
