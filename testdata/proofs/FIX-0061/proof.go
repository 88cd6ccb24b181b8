// Proof for FIX-0061: DPanic and Panic on the logger from zap.NewNop, and on
// the fix options; the program prints what each call did (returned, or the
// value it panicked with).
package main

import (
	"fmt"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func call(f func()) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	f()
	return "returned"
}

func main() {
	fmt.Println("trigger zap.NewNop().DPanic(msg):", call(func() { zap.NewNop().DPanic("boom") }))
	fmt.Println("trigger zap.NewNop().Panic(msg):", call(func() { zap.NewNop().Panic("boom") }))
	fmt.Println("fix zap.New(zapcore.NewNopCore()).DPanic(msg):", call(func() { zap.New(zapcore.NewNopCore()).DPanic("boom") }))
	fmt.Println("fix zap.NewNop().WithOptions(zap.WithClock(zapcore.DefaultClock)).DPanic(msg):",
		call(func() { zap.NewNop().WithOptions(zap.WithClock(zapcore.DefaultClock)).DPanic("boom") }))
}
