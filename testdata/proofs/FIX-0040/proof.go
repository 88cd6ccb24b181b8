// Proof for FIX-0040: a loopback echo server with the Gzip middleware answers
// body-less responses (a redirect, a 404 with NoContent); the client prints the
// status code and Location it receives, for the trigger and the fix option.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e := echo.New()
	e.HideBanner = true
	e.Use(middleware.Gzip())
	e.GET("/old", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/new") })
	e.GET("/gone", func(c echo.Context) error { return c.NoContent(http.StatusNotFound) })
	e.GET("/gone-with-body", func(c echo.Context) error {
		return c.String(http.StatusNotFound, http.StatusText(http.StatusNotFound))
	})
	srv := httptest.NewServer(e)
	defer srv.Close()

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) string {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			return "error: " + err.Error()
		}
		resp.Body.Close()
		return fmt.Sprintf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The trigger: Gzip in front of handlers that send a status without a body.
	fmt.Println("trigger Gzip + c.Redirect(302):", get("/old"))
	fmt.Println("trigger Gzip + c.NoContent(404):", get("/gone"))
	// Fix option on v4.11.0: send the status with a body.
	fmt.Println("fix c.String(404, text):", get("/gone-with-body"))
}
