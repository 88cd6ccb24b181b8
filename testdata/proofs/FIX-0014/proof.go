// Proof for FIX-0014: HTTP clients built by google.golang.org/api's
// transport/http with option.WithTokenSource(nil), option.WithCredentials(nil)
// and option.WithoutAuthentication(), with Application Default Credentials
// set inside the program through GOOGLE_APPLICATION_CREDENTIALS: first a
// missing file, then a fake service account whose token endpoint is a
// loopback server. A loopback API server records the Authorization header.
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/oauth2"
	"google.golang.org/api/option"
	htransport "google.golang.org/api/transport/http"
)

func main() {
	// No metadata server, no gcloud configuration from the machine.
	os.Setenv("GCE_METADATA_HOST", "127.0.0.1:1")
	os.Setenv("CLOUDSDK_CONFIG", "/nonexistent-gcloud-config")
	os.Setenv("HOME", "/nonexistent-home")

	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch {
		case auth == "":
			auth = "(none)"
		case strings.HasPrefix(auth, "Bearer ey"):
			auth = "Bearer <a JWT>"
		}
		fmt.Fprint(w, auth)
	}))
	defer api.Close()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"adc-token","token_type":"Bearer","expires_in":3600}`)
	}))
	defer tokens.Close()

	get := func(opts ...option.ClientOption) (out string) {
		defer func() {
			if p := recover(); p != nil {
				out = fmt.Sprintf("panic: %v", p)
			}
		}()
		c, _, err := htransport.NewClient(context.Background(), opts...)
		if err != nil {
			return "NewClient error: " + err.Error()
		}
		resp, err := c.Get(api.URL)
		if err != nil {
			return "request error: " + strings.ReplaceAll(err.Error(), api.URL, "API")
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 512)
		n, _ := resp.Body.Read(buf)
		b.Write(buf[:n])
		return "the server saw Authorization: " + b.String()
	}
	cases := func(adc string) {
		fmt.Printf("trigger WithTokenSource(nil), %s: %s\n", adc, get(option.WithTokenSource(nil)))
		fmt.Printf("trigger WithCredentials(nil), %s: %s\n", adc, get(option.WithCredentials(nil)))
		fmt.Printf("fix WithoutAuthentication(), %s: %s\n", adc, get(option.WithoutAuthentication()))
		fmt.Printf("fix WithTokenSource only when non-nil, %s: %s\n", adc,
			get(option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "mine"}))))
	}

	// ADC from a missing file.
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/fix0014-adc.json")
	cases("ADC file missing")

	// ADC from a fake service account file.
	dir, err := os.MkdirTemp("", "fix0014")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	sa, _ := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "fake-project",
		"private_key_id": "k1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "adc@fake-project.iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      tokens.URL + "/token",
	})
	file := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(file, sa, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	cases("ADC a fake service account")
}
