// Proof for FIX-0044: a loopback server answers POST /old with a 307
// redirect to /new and echoes the body it gets at /new. The client prints the
// final status and the body the server saw, for the trigger and the fix
// option.
package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/hashicorp/go-retryablehttp"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
			return
		}
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s got %q", r.Method, r.URL.Path, b)
	}))
	defer srv.Close()

	c := retryablehttp.NewClient()
	c.Logger = nil
	c.RetryMax = 0

	show := func(resp *http.Response, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Sprintf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		return fmt.Sprintf("status %d, server: %s", resp.StatusCode, b)
	}

	// The trigger: a request with a body to a URL that answers 307.
	fmt.Println("trigger Client.Post:", show(c.Post(srv.URL+"/old", "text/plain", []byte("hello"))))
	req, err := retryablehttp.NewRequest(http.MethodPut, srv.URL+"/old", []byte("hello"))
	if err != nil {
		fmt.Println("trigger NewRequest(PUT): error:", err)
	} else {
		fmt.Println("trigger NewRequest(PUT):", show(c.Do(req)))
	}

	// Fix option on older versions: set GetBody on the embedded http.Request.
	req, err = retryablehttp.NewRequest(http.MethodPut, srv.URL+"/old", []byte("hello"))
	if err != nil {
		fmt.Println("fix NewRequest(PUT) + GetBody: error:", err)
	} else {
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte("hello"))), nil }
		fmt.Println("fix NewRequest(PUT) + GetBody:", show(c.Do(req)))
	}
}
