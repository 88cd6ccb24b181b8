// Proof for FIX-0062: zap.Object with a nil ObjectMarshaler, logged through a
// JSON core into a buffer; the program prints the line written or the panic.
package main

import (
	"bytes"
	"fmt"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func logged(f zap.Field) (out string) {
	var buf bytes.Buffer
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	l := zap.New(zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.InfoLevel))
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	l.Info("m", f)
	return "wrote " + strings.TrimSpace(buf.String())
}

func main() {
	var unset zapcore.ObjectMarshaler
	fmt.Println("trigger zap.Object(\"k\", nil):", logged(zap.Object("k", nil)))
	fmt.Println("trigger zap.Object(\"k\", nil interface variable):", logged(zap.Object("k", unset)))
	fmt.Println("fix zap.Any(\"k\", nil interface variable):", logged(zap.Any("k", unset)))
}
