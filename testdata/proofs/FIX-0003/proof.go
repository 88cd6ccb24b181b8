// Proof for FIX-0003: a kin-openapi ValidationHandler loaded with a spec whose
// global security requires an API key header answers requests with and without
// the key; the status codes show whether the security requirement was enforced.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

const spec = `openapi: 3.0.0
info: {title: proof, version: "1"}
servers: [{url: "http://example.com"}]
security: [{apiKey: []}]
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-API-Key}
paths:
  /items:
    get:
      responses:
        "200": {description: ok}
`

func main() {
	dir, err := os.MkdirTemp("", "fix0003")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(file, []byte(spec), 0o600); err != nil {
		panic(err)
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

	serve := func(h *openapi3filter.ValidationHandler, key string) (out string) {
		defer func() {
			if r := recover(); r != nil {
				out = fmt.Sprint("panic: ", r)
			}
		}()
		if err := h.Load(); err != nil {
			return "Load error: " + err.Error()
		}
		req := httptest.NewRequest("GET", "http://example.com/items", nil)
		if key != "" {
			req.Header.Set("X-API-Key", key)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if body := strings.TrimSpace(rec.Body.String()); body != "" {
			return fmt.Sprintf("status %d, body %q", rec.Code, body)
		}
		return fmt.Sprintf("status %d", rec.Code)
	}
	checkKey := func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if in.RequestValidationInput.Request.Header.Get("X-API-Key") != "secret" {
			return errors.New("bad key")
		}
		return nil
	}

	// The trigger: no AuthenticationFunc.
	fmt.Println("trigger no AuthenticationFunc, no key:", serve(&openapi3filter.ValidationHandler{Handler: ok, File: file}, ""))
	// Fix option: a real AuthenticationFunc.
	fmt.Println("fix checking AuthenticationFunc, no key:", serve(&openapi3filter.ValidationHandler{Handler: ok, File: file, AuthenticationFunc: checkKey}, ""))
	fmt.Println("fix checking AuthenticationFunc, right key:", serve(&openapi3filter.ValidationHandler{Handler: ok, File: file, AuthenticationFunc: checkKey}, "secret"))
	// Not fixed by the upgrade: NoopAuthenticationFunc set on purpose.
	fmt.Println("explicit NoopAuthenticationFunc, no key:", serve(&openapi3filter.ValidationHandler{Handler: ok, File: file, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}, ""))
}
