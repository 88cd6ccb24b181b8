// Proof for FIX-0011: a loopback server records the Authorization header
// resty sends for a request that calls SetAuthToken("") on a client that has
// a token, and for each fix option.
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
		if v := r.Header.Values("Authorization"); len(v) > 0 {
			seen = fmt.Sprintf("%q", v)
		}
	}))
	defer srv.Close()

	send := func(r *resty.Request) string {
		seen = "(none)"
		if _, err := r.Get(srv.URL); err != nil {
			return "error: " + err.Error()
		}
		return "Authorization: " + seen
	}

	// The trigger: one request meant to go out without the client's token.
	c := resty.New().SetAuthToken("C")
	fmt.Println("trigger R().SetAuthToken(\"\"):", send(c.R().SetAuthToken("")))
	// Setting the request's Authorization header does not remove it either.
	fmt.Println("trigger R().SetAuthToken(\"\").SetHeader(\"Authorization\", \"\"):", send(c.R().SetAuthToken("").SetHeader("Authorization", "")))

	// Fix option: a separate client that never had a token.
	fmt.Println("fix separate client without a token:", send(resty.New().R()))

	// Fix option: tokens per request, none on the client.
	plain := resty.New()
	fmt.Println("fix per-request token, request with it:", send(plain.R().SetAuthToken("C")))
	fmt.Println("fix per-request token, request without it:", send(plain.R()))

	// Fix option: the pre-request hook deletes the header on the final request.
	hooked := resty.New().SetAuthToken("C")
	hooked.SetPreRequestHook(func(_ *resty.Client, r *http.Request) error {
		if r.URL.Path == "/anonymous" {
			r.Header.Del("Authorization")
		}
		return nil
	})
	seen = "(none)"
	if _, err := hooked.R().Get(srv.URL + "/anonymous"); err != nil {
		fmt.Println("fix SetPreRequestHook deletes the header: error:", err)
	} else {
		fmt.Println("fix SetPreRequestHook deletes the header: Authorization:", seen)
	}
	fmt.Println("fix SetPreRequestHook, other paths:", send(hooked.R()))

	// Not the pitfall: clearing the client's own token.
	fmt.Println("client SetAuthToken(\"\"):", send(resty.New().SetAuthToken("C").SetAuthToken("").R()))
}
