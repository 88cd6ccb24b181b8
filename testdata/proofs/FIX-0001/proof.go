// Proof for FIX-0001: a loopback server records the Authorization header a
// go-openapi runtime with DefaultAuthentication sends when the operation's
// params set their own Authorization header, for a nil authInfo (the trigger)
// and for each fix option.
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

	// paramsAuth is what go-swagger generates for a header parameter named
	// Authorization: WriteToRequest sets the header when it is given.
	// An empty auth stands for "no Authorization parameter given".
	params := func(auth string) runtime.ClientRequestWriter {
		return runtime.ClientRequestWriterFunc(func(r runtime.ClientRequest, _ strfmt.Registry) error {
			if auth != "" {
				return r.SetHeaderParam("Authorization", auth)
			}
			return nil
		})
	}
	emptyParam := runtime.ClientRequestWriterFunc(func(r runtime.ClientRequest, _ strfmt.Registry) error {
		return r.SetHeaderParam("Authorization", "")
	})
	submit := func(p runtime.ClientRequestWriter, auth runtime.ClientAuthInfoWriter) (out string) {
		defer func() {
			if r := recover(); r != nil {
				out = fmt.Sprint("panic: ", r)
			}
		}()
		seen = "(no request)"
		_, err := rt.Submit(&runtime.ClientOperation{
			ID:                 "getWidget",
			Method:             "GET",
			PathPattern:        "/widget",
			ProducesMediaTypes: []string{"application/json"},
			ConsumesMediaTypes: []string{"application/json"},
			Schemes:            []string{"http"},
			Params:             p,
			AuthInfo:           auth,
			Reader: runtime.ClientResponseReaderFunc(func(runtime.ClientResponse, runtime.Consumer) (interface{}, error) {
				return nil, nil
			}),
			Context: context.Background(),
		})
		if err != nil {
			return "error: " + err.Error()
		}
		return "Authorization: " + seen
	}

	fmt.Println("trigger params set Authorization, nil authInfo:", submit(params("Bearer PARAM"), nil))
	fmt.Println("fix PassThroughAuth as authInfo:", submit(params("Bearer PARAM"), client.PassThroughAuth))
	fmt.Println("fix BearerToken as authInfo, no header on params:", submit(params(""), client.BearerToken("PARAM")))
	// The limits the card names: a non-nil authInfo still wins over the params,
	// and an empty header param does not suppress the default.
	fmt.Println("params set Authorization, BearerToken authInfo:", submit(params("Bearer PARAM"), client.BearerToken("OTHER")))
	fmt.Println("params set an empty Authorization, nil authInfo:", submit(emptyParam, nil))
	fmt.Println("no header on params, nil authInfo:", submit(params(""), nil))
}
