// Package openapi3filter is a test stub with the signatures of kin-openapi v0.143.
package openapi3filter

import (
	"context"
	"net/http"
)

type AuthenticationInput struct {
	SecuritySchemeName string
	Scopes             []string
}

type AuthenticationFunc func(context.Context, *AuthenticationInput) error

func NoopAuthenticationFunc(context.Context, *AuthenticationInput) error { return nil }

type ValidationHandler struct {
	Handler            http.Handler
	AuthenticationFunc AuthenticationFunc
	File               string
}

func (h *ValidationHandler) Load() error { return nil }

func (h *ValidationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

type Options struct {
	MultiError         bool
	AuthenticationFunc AuthenticationFunc
}
