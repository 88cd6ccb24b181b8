package main

import (
	"runtime"
	"runtime/debug"
)

// Under go vet, fixlint runs once per package, for a few milliseconds: at
// the default GOGC the collector starts at a 4 MB heap and runs several
// times while the package is type-checked, most of it for garbage that the
// process's exit would free anyway. As the compiler does for the same
// reason (cmd/compile's AdjustStartingHeap), the collector starts late,
// once the heap reaches startingHeap, and the usual GOGC applies from the
// first collection on, so a large package costs no more memory than
// before. A GOGC set in the environment is the user's choice, and kept.
const startingHeap = 32 << 20

func startGCLate(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	// The first collection starts when the heap is at 4 MB × (1 + p/100)
	// with GOGC=p: p=700 puts it at 32 MB.
	debug.SetGCPercent(100 * (startingHeap/(4<<20) - 1))
	// An unreachable object's finalizer runs after the first collection:
	// the usual GOGC from then on. (32 bytes: the tiny allocator, whose
	// objects may never be finalized, takes only smaller ones.)
	runtime.SetFinalizer(new([32]byte), func(*[32]byte) { debug.SetGCPercent(100) })
}
