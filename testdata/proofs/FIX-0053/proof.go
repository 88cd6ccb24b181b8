// Proof for FIX-0053: an error from package status wrapped with %w, read with
// status.Code and status.FromError in process, and returned by a handler on a
// loopback gRPC server (the client records the code it receives).
package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// checker answers every Check with handlerErr.
type checker struct {
	*health.Server
	handlerErr func() error
}

func (c checker) Check(ctx context.Context, in *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	return nil, c.handlerErr()
}

func main() {
	wrapped := fmt.Errorf("load user 7: %w", status.Error(codes.NotFound, "no such user"))

	fmt.Println("trigger status.Code(wrapped):", status.Code(wrapped))
	st, ok := status.FromError(wrapped)
	fmt.Printf("trigger status.FromError(wrapped): code=%v ok=%v\n", st.Code(), ok)

	// Fix option: find the status with errors.As before reading it.
	var se interface{ GRPCStatus() *status.Status }
	if errors.As(wrapped, &se) {
		fmt.Println("fix errors.As(wrapped, GRPCStatus): code:", se.GRPCStatus().Code())
	} else {
		fmt.Println("fix errors.As(wrapped, GRPCStatus): not found")
	}

	// A handler returning the wrapped error, and the fix option of returning
	// a status error whose message carries the context.
	var handlerErr func() error
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return
	}
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, checker{health.NewServer(), func() error { return handlerErr() }})
	go srv.Serve(lis)
	defer srv.Stop()
	conn, err := grpc.Dial(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Println("dial:", err)
		return
	}
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	call := func() string {
		_, err := client.Check(context.Background(), &healthpb.HealthCheckRequest{})
		s, _ := status.FromError(err)
		return fmt.Sprintf("client received code=%v message=%q", s.Code(), s.Message())
	}

	handlerErr = func() error { return wrapped }
	fmt.Println("trigger handler returns wrapped:", call())
	handlerErr = func() error { return status.Errorf(codes.NotFound, "load user 7: %v", "no such user") }
	fmt.Println("fix handler returns status.Errorf:", call())
}
