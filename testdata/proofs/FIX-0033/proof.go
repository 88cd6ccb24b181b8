// Proof for FIX-0033: what a server handler's log shows when it prints
// incoming metadata: MD's String method (called through fmt.Stringer, since
// the method does not exist at every version), a printed context holding
// the metadata, the MD printed with %v, and the fix option of logging one
// selected key.
package main

import (
	"context"
	"fmt"

	"google.golang.org/grpc/metadata"
)

func main() {
	md := metadata.Pairs("authorization", "Bearer s3cret")
	ctx := metadata.NewIncomingContext(context.Background(), md)

	// The trigger: md.String().
	if s, ok := any(md).(fmt.Stringer); ok {
		fmt.Println("trigger md.String():", s.String())
	} else {
		fmt.Println("trigger md.String(): MD has no String method")
	}
	// What the card is about: logging the handler's context.
	fmt.Printf("printed context: %v\n", ctx)
	// The MD itself with %v (fix_does_not_apply_when).
	in, _ := metadata.FromIncomingContext(ctx)
	fmt.Printf("printed MD with %%v: %v\n", in)

	// Fix option: log selected keys only.
	ctx2 := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer s3cret", "x-request-id", "r1"))
	in2, _ := metadata.FromIncomingContext(ctx2)
	fmt.Printf("fix md.Get(\"x-request-id\"): %v\n", in2.Get("x-request-id"))
}
