// Proof for FIX-0004: a loopback server records the Authorization header
// resty sends when the client's token is set in an OnBeforeRequest hook or
// after R(), and when the fix option sets the token on the hook's request.
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

	// The trigger: the hook sets the client's token.
	c := resty.New()
	c.OnBeforeRequest(func(c *resty.Client, r *resty.Request) error {
		c.SetAuthToken("fresh")
		return nil
	})
	fmt.Println("trigger client token set in OnBeforeRequest:", send(c.R()))

	// The same hook refreshing a token the client already had before R().
	c = resty.New().SetAuthToken("stale")
	c.OnBeforeRequest(func(c *resty.Client, r *resty.Request) error {
		c.SetAuthToken("fresh")
		return nil
	})
	fmt.Println("trigger hook replaces a token set before R():", send(c.R()))

	// The client's token set after R() without any hook.
	c = resty.New()
	req := c.R()
	c.SetAuthToken("fresh")
	fmt.Println("trigger client token set after R():", send(req))

	// Fix option: set the token on the hook's request.
	c = resty.New()
	c.OnBeforeRequest(func(c *resty.Client, r *resty.Request) error {
		r.SetAuthToken("fresh")
		return nil
	})
	fmt.Println("fix r.SetAuthToken in OnBeforeRequest:", send(c.R()))

	// Fix option: set the client's token before R().
	c = resty.New()
	c.SetAuthToken("fresh")
	fmt.Println("fix client token set before R():", send(c.R()))
}
