// Proof for FIX-0016: grpc.WithPerRPCCredentials(nil) as a dial option,
// with insecure and with TLS transport credentials, and
// grpc.PerRPCCredentials(nil) as a call option, against a loopback gRPC
// server that records the authorization metadata it receives. The TLS case
// crashes the process from a connection goroutine, so the program runs that
// case in a child process and reports how the child ended.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/emptypb"
)

// token is a per-RPC credential that needs no transport security.
type token struct{}

func (token) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer t0k"}, nil
}
func (token) RequireTransportSecurity() bool { return false }

func try(f func() string) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	return f()
}

func main() {
	if os.Getenv("FIX0016_TLS_CHILD") == "1" {
		tlsChild()
		return
	}

	seen := make(chan []string, 1)
	srv := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		md, _ := metadata.FromIncomingContext(stream.Context())
		seen <- md.Get("authorization")
		if err := stream.RecvMsg(&emptypb.Empty{}); err != nil {
			return err
		}
		return stream.SendMsg(&emptypb.Empty{})
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go srv.Serve(ln)
	defer srv.Stop()
	addr := ln.Addr().String()

	call := func(dial []grpc.DialOption, callOpts ...grpc.CallOption) string {
		cc, err := grpc.NewClient(addr, append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, dial...)...)
		if err != nil {
			return "NewClient error: " + err.Error()
		}
		defer cc.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := cc.Invoke(ctx, "/svc.Svc/Get", &emptypb.Empty{}, &emptypb.Empty{}, callOpts...); err != nil {
			return "call error: " + err.Error()
		}
		return fmt.Sprintf("call succeeded; server saw authorization %q", <-seen)
	}

	// The triggers.
	fmt.Println("trigger WithPerRPCCredentials(nil), insecure: NewClient:", try(func() string {
		cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(nil))
		if err != nil {
			return "error: " + err.Error()
		}
		cc.Close()
		return "returned a client"
	}))
	fmt.Println("trigger WithPerRPCCredentials(nil), TLS:", runTLSChild())
	fmt.Println("trigger PerRPCCredentials(nil):", try(func() string {
		return call(nil, grpc.PerRPCCredentials(nil))
	}))

	// Fix option: add the option only for non-nil credentials.
	var creds credentials.PerRPCCredentials = token{}
	var none credentials.PerRPCCredentials
	withCreds := func(c credentials.PerRPCCredentials) []grpc.CallOption {
		if c == nil {
			return nil
		}
		return []grpc.CallOption{grpc.PerRPCCredentials(c)}
	}
	fmt.Println("fix call option only when non-nil (creds set):", try(func() string { return call(nil, withCreds(creds)...) }))
	fmt.Println("fix call option only when non-nil (no creds):", try(func() string { return call(nil, withCreds(none)...) }))
	fmt.Println("fix dial option with non-nil creds:", try(func() string {
		return call([]grpc.DialOption{grpc.WithPerRPCCredentials(creds)})
	}))
}

// runTLSChild runs tlsChild in a child process and reports how it ended.
func runTLSChild() string {
	exe, err := os.Executable()
	if err != nil {
		return "error: " + err.Error()
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "FIX0016_TLS_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	first, _, _ := strings.Cut(stderr.String(), "\n")
	if err != nil {
		return fmt.Sprintf("child printed %q, then died: %v, stderr %q", strings.TrimSpace(stdout.String()), err, first)
	}
	return fmt.Sprintf("child printed %q and exited normally", strings.TrimSpace(stdout.String()))
}

// tlsChild dials a loopback TLS server that speaks HTTP/2 with
// WithPerRPCCredentials(nil) and starts connecting.
func tlsChild() {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()
	tc := credentials.NewTLS(&tls.Config{InsecureSkipVerify: true})
	cc, err := grpc.NewClient(strings.TrimPrefix(ts.URL, "https://"), grpc.WithTransportCredentials(tc), grpc.WithPerRPCCredentials(nil))
	if err != nil {
		fmt.Println("NewClient error:", err)
		return
	}
	fmt.Println("NewClient succeeded")
	cc.Connect()
	time.Sleep(2 * time.Second)
	fmt.Println("still running after 2s")
}
