// Proof for FIX-0060: a go-oidc remote key set made with a context that is
// cancelled before the first verification. A loopback server serves an empty
// JWKS and counts the key fetches; the token is well formed but its signature
// is junk, so a key set that does fetch fails with a signature error, and one
// that cannot fetch fails with the context error.
package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"

	"github.com/coreos/go-oidc/v3/oidc"
)

func seg(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

var token = seg(`{"alg":"RS256","kid":"k1"}`) + "." + seg(`{"iss":"https://issuer.test","aud":"app"}`) + "." + seg("not a signature")

func main() {
	var fetches int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&fetches, 1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"keys":[]}`)
	}))
	defer srv.Close()
	jwks := srv.URL + "/keys"

	report := func(err error) string {
		n := atomic.SwapInt32(&fetches, 0)
		msg := "no error"
		if err != nil {
			msg = "error: " + strings.ReplaceAll(err.Error(), srv.URL, "URL")
		}
		return fmt.Sprintf("%d key fetch(es), %s", n, msg)
	}
	cancelled := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx
	}

	// The trigger: a key set built with a request-scoped context.
	ks := oidc.NewRemoteKeySet(cancelled(), jwks)
	_, err := ks.VerifySignature(context.Background(), token)
	fmt.Println("trigger NewRemoteKeySet(cancelled ctx, url).VerifySignature:", report(err))

	// The trigger: a verifier from Provider.VerifierContext.
	p := (&oidc.ProviderConfig{IssuerURL: "https://issuer.test", JWKSURL: jwks}).NewProvider(context.Background())
	v := p.VerifierContext(cancelled(), &oidc.Config{ClientID: "app", SkipExpiryCheck: true})
	_, err = v.Verify(context.Background(), token)
	fmt.Println("trigger Provider.VerifierContext(cancelled ctx, cfg).Verify:", report(err))

	// Fix option: a context that is never cancelled.
	ks = oidc.NewRemoteKeySet(context.Background(), jwks)
	_, err = ks.VerifySignature(context.Background(), token)
	fmt.Println("fix NewRemoteKeySet(context.Background(), url).VerifySignature:", report(err))

	// Fix option: the cancelled context, detached (Go 1.21).
	ks = oidc.NewRemoteKeySet(context.WithoutCancel(cancelled()), jwks)
	_, err = ks.VerifySignature(context.Background(), token)
	fmt.Println("fix NewRemoteKeySet(context.WithoutCancel(cancelled ctx), url).VerifySignature:", report(err))
}
