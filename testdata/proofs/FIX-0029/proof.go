// Proof for FIX-0029: azblob clients (azblob v1.2.0, pinned; the azcore
// version is the run's) built with a nil credential create a container on a
// loopback server, over https (httptest TLS server, its client as the
// transport) and over http as for Azurite. The server records the
// Authorization header it receives.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
)

type staticCred struct{}

func (staticCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "t0k"}, nil
}

var seen string

func handler(w http.ResponseWriter, r *http.Request) {
	seen = fmt.Sprintf("server got %s %s with Authorization %q", r.Method, r.URL.Path, r.Header.Get("Authorization"))
	w.Header().Set("x-ms-request-id", "1")
	w.WriteHeader(http.StatusCreated)
}

func create(srv *httptest.Server, build func(url string, o *azblob.ClientOptions) (*azblob.Client, error)) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	seen = "server got no request"
	o := &azblob.ClientOptions{ClientOptions: azcore.ClientOptions{Transport: srv.Client()}}
	o.Retry.MaxRetries = -1
	c, err := build(srv.URL+"/devstoreaccount1", o)
	if err != nil {
		return "constructor error: " + err.Error()
	}
	if _, err := c.CreateContainer(context.Background(), "data", nil); err != nil {
		return seen + "; error: " + err.Error()
	}
	return seen + "; no error"
}

func main() {
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(handler))
	defer tlsSrv.Close()
	plainSrv := httptest.NewServer(http.HandlerFunc(handler))
	defer plainSrv.Close()

	nilCred := func(url string, o *azblob.ClientOptions) (*azblob.Client, error) {
		return azblob.NewClient(url, nil, o)
	}
	noCred := func(url string, o *azblob.ClientOptions) (*azblob.Client, error) {
		return azblob.NewClientWithNoCredential(url, o)
	}
	cred := func(url string, o *azblob.ClientOptions) (*azblob.Client, error) {
		return azblob.NewClient(url, staticCred{}, o)
	}

	fmt.Println("trigger NewClient(https URL, nil, o).CreateContainer:", create(tlsSrv, nilCred))
	fmt.Println("trigger NewClient(http URL, nil, o).CreateContainer:", create(plainSrv, nilCred))
	fmt.Println("fix NewClientWithNoCredential(https URL, o).CreateContainer:", create(tlsSrv, noCred))
	fmt.Println("fix NewClientWithNoCredential(http URL, o).CreateContainer:", create(plainSrv, noCred))
	fmt.Println("look-alike NewClient(https URL, credential, o).CreateContainer:", create(tlsSrv, cred))
}
