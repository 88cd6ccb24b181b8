// Proof for FIX-0045: a loopback echo server binds a JSON body with c.Bind;
// the client sends it once with a known length and once chunked (a body whose
// length net/http cannot know). The server prints the request's
// ContentLength, the error and the value bound.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/labstack/echo/v4"
)

type user struct {
	Name string `json:"name"`
}

const body = `{"name":"ada"}`

func main() {
	e := echo.New()
	e.HideBanner = true
	e.POST("/bind", func(c echo.Context) error {
		var u user
		err := c.Bind(&u)
		return c.String(http.StatusOK, fmt.Sprintf("ContentLength %d, Bind error %v, name %q", c.Request().ContentLength, err, u.Name))
	})
	e.POST("/decode", func(c echo.Context) error {
		var u user
		err := json.NewDecoder(c.Request().Body).Decode(&u)
		return c.String(http.StatusOK, fmt.Sprintf("ContentLength %d, Decode error %v, name %q", c.Request().ContentLength, err, u.Name))
	})
	srv := httptest.NewServer(e)
	defer srv.Close()

	post := func(path string, r io.Reader) string {
		resp, err := http.Post(srv.URL+path, "application/json", r)
		if err != nil {
			return "error: " + err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// io.MultiReader hides the length, so net/http sends the body chunked.
	chunked := func() io.Reader { return io.MultiReader(strings.NewReader(body)) }

	// The trigger: c.Bind on a chunked request.
	fmt.Println("trigger c.Bind, chunked body:", post("/bind", chunked()))
	// The same request with a known length, for comparison.
	fmt.Println("c.Bind, body with Content-Length:", post("/bind", strings.NewReader(body)))
	// Fix option on v4.13.0: decode the body yourself.
	fmt.Println("fix json.NewDecoder(c.Request().Body), chunked body:", post("/decode", chunked()))
}
