// Command demo calls an API that wants a bare token, and serves an API
// described by an OpenAPI spec with security requirements.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/go-resty/resty/v2"
)

func main() {
	client := resty.New().SetAuthToken(os.Getenv("API_TOKEN"))
	// The API wants "Authorization: <token>", without a scheme.
	client.SetAuthScheme("")
	if _, err := client.R().Get("https://api.example.com/v1/items"); err != nil {
		log.Fatal(err)
	}

	h := &openapi3filter.ValidationHandler{Handler: http.NotFoundHandler(), File: "api.yaml"}
	if err := h.Load(); err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe("localhost:8080", h))
}
