package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestStartGCLate: the collector starts late (GOGC 700 until the first
// collection), then runs at the usual GOGC; a GOGC or GOMEMLIMIT from the
// environment is left alone.
func TestStartGCLate(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	startGCLate(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("with GOGC set, GOGC became %d", p)
	}
	startGCLate(func(string) string { return "" })
	if p := debug.SetGCPercent(700); p != 700 {
		t.Fatalf("GOGC at start = %d, want 700", p)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		runtime.GC()
		if p := debug.SetGCPercent(100); p == 100 {
			return // restored after a collection
		} else {
			debug.SetGCPercent(p)
		}
	}
	t.Fatal("GOGC was not restored to 100 after the first collection")
}
