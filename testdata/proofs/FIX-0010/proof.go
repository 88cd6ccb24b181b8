// Proof for FIX-0010: a loopback server records the Authorization header that
// a go-openapi runtime wrapped by WithOpenTracing sends, with and without a
// context on the operation and with a nil or explicit authInfo; panics are
// printed.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-openapi/runtime"
	"github.com/go-openapi/runtime/client"
	"github.com/go-openapi/strfmt"
)

func main() {
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = fmt.Sprintf("%q", r.Header.Values("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("{}"))
	}))
	defer srv.Close()

	rt := client.New(srv.Listener.Addr().String(), "/", []string{"http"})
	rt.DefaultAuthentication = client.BearerToken("DEFAULT")
	traced := rt.WithOpenTracing()

	submit := func(tr runtime.ClientTransport, ctx context.Context, auth runtime.ClientAuthInfoWriter) (out string) {
		defer func() {
			if r := recover(); r != nil {
				out = fmt.Sprint("panic: ", r)
			}
		}()
		seen = "(no request)"
		_, err := tr.Submit(&runtime.ClientOperation{
			ID:                 "getWidget",
			Method:             "GET",
			PathPattern:        "/widget",
			ProducesMediaTypes: []string{"application/json"},
			ConsumesMediaTypes: []string{"application/json"},
			Schemes:            []string{"http"},
			Params: runtime.ClientRequestWriterFunc(func(runtime.ClientRequest, strfmt.Registry) error {
				return nil
			}),
			AuthInfo: auth,
			Reader: runtime.ClientResponseReaderFunc(func(runtime.ClientResponse, runtime.Consumer) (interface{}, error) {
				return nil, nil
			}),
			Context: ctx,
		})
		if err != nil {
			return "error: " + err.Error()
		}
		return "Authorization: " + seen
	}

	ctx := context.Background()
	// The trigger: WithOpenTracing, params made without a context.
	fmt.Println("trigger WithOpenTracing, no context, BearerToken authInfo:", submit(traced, nil, client.BearerToken("CALL")))
	// The trigger: WithOpenTracing, nil authInfo meaning DefaultAuthentication.
	fmt.Println("trigger WithOpenTracing, context, nil authInfo:", submit(traced, ctx, nil))
	// Fix option: a context and an explicit authInfo on every call.
	fmt.Println("fix WithOpenTracing, context, BearerToken authInfo:", submit(traced, ctx, client.BearerToken("CALL")))
	fmt.Println("fix WithOpenTracing, context, PassThroughAuth:", submit(traced, ctx, client.PassThroughAuth))
	// Fix option: the runtime itself as the transport.
	fmt.Println("fix plain runtime, no context, nil authInfo:", submit(rt, nil, nil))
}
