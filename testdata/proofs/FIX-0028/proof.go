// Proof for FIX-0028: a fake Docker daemon on 127.0.0.1 records the
// X-Registry-Auth header and the body of each push, and handles the auth the
// way Docker Engine v28.3.2's push route does, with the module's own
// registry.DecodeAuthConfig and DecodeAuthConfigBody: an empty header falls
// back to decoding the body.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/docker/docker/api/types/image"
	"github.com/docker/docker/api/types/registry"
	"github.com/docker/docker/client"
)

var sent string

func daemon(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/push") {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	header := r.Header.Get(registry.AuthHeader)
	sent = fmt.Sprintf("sent X-Registry-Auth %q, body %q", header, body)
	if header != "" {
		registry.DecodeAuthConfig(header) // the daemon ignores an invalid header
	} else if _, err := registry.DecodeAuthConfigBody(io.NopCloser(strings.NewReader(string(body)))); err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"message": "bad parameters and missing X-Registry-Auth: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintln(w, `{"status":"pushed"}`)
}

func main() {
	srv := httptest.NewServer(http.HandlerFunc(daemon))
	defer srv.Close()
	cli, err := client.NewClientWithOpts(client.WithHost("tcp://" + srv.Listener.Addr().String()))
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	push := func(opts image.PushOptions) (out string) {
		defer func() {
			if p := recover(); p != nil {
				out = fmt.Sprintf("panic: %v", p)
			}
		}()
		sent = "sent nothing"
		rc, err := cli.ImagePush(context.Background(), "localhost:5000/app:1", opts)
		if err != nil {
			return sent + "; error: " + err.Error()
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		return sent + "; daemon answered " + strings.TrimSpace(string(b))
	}

	fmt.Println("trigger ImagePush(PushOptions{}):", push(image.PushOptions{}))
	called := false
	out := push(image.PushOptions{PrivilegeFunc: func(context.Context) (string, error) {
		called = true
		return "e30=", nil
	}})
	fmt.Printf("trigger ImagePush(PushOptions{PrivilegeFunc: f}): %s; PrivilegeFunc called: %v\n", out, called)

	auth, err := registry.EncodeAuthConfig(registry.AuthConfig{})
	if err != nil {
		fmt.Println("fix EncodeAuthConfig(AuthConfig{}): error:", err)
		return
	}
	fmt.Printf("fix RegistryAuth: EncodeAuthConfig(AuthConfig{}) = %q: %s\n", auth, push(image.PushOptions{RegistryAuth: auth}))
}
