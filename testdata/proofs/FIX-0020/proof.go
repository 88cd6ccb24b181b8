// Proof for FIX-0020: the same message logged three times within one
// second through a zap sampler that keeps the first one, with thereafter 0
// and with the fix options; the program counts the lines written.
package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// logThree logs one message three times and reports the lines written or
// the panic.
func logThree(l *zap.Logger, lines func() int) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v (after %d line(s))", p, lines())
		}
	}()
	for i := 0; i < 3; i++ {
		l.Info("same message")
	}
	return fmt.Sprintf("%d of 3 lines written", lines())
}

func sampled(thereafter int) string {
	var buf bytes.Buffer
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	core := zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.InfoLevel)
	l := zap.New(zapcore.NewSamplerWithOptions(core, time.Minute, 1, thereafter))
	return logThree(l, func() int { return bytes.Count(buf.Bytes(), []byte("\n")) })
}

func built(sampling *zap.SamplingConfig) string {
	dir, err := os.MkdirTemp("", "fix0020")
	if err != nil {
		return "error: " + err.Error()
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "log.json")
	cfg := zap.NewProductionConfig()
	cfg.OutputPaths = []string{path}
	cfg.Sampling = sampling
	l, err := cfg.Build()
	if err != nil {
		return "Build error: " + err.Error()
	}
	return logThree(l, func() int {
		l.Sync()
		data, _ := os.ReadFile(path)
		return bytes.Count(data, []byte("\n"))
	})
}

func main() {
	fmt.Println("trigger NewSamplerWithOptions(core, tick, 1, 0):", sampled(0))
	fmt.Println("trigger Config.Build with SamplingConfig{Initial: 1}:", built(&zap.SamplingConfig{Initial: 1}))
	fmt.Println("fix thereafter math.MaxInt32:", sampled(math.MaxInt32))
	fmt.Println("fix Config.Sampling = nil:", built(nil))
}
