// Proof for FIX-0052: 20000 UUIDs from uuid.NewV7 in a tight loop (many per
// millisecond) are checked for being in creation order.
package main

import (
	"bytes"
	"fmt"

	"github.com/google/uuid"
)

func main() {
	const n = 20000
	ids := make([]uuid.UUID, 0, n)
	for i := 0; i < n; i++ {
		id, err := uuid.NewV7()
		if err != nil {
			fmt.Println("trigger NewV7 in a loop: error:", err)
			return
		}
		ids = append(ids, id)
	}
	ordered := true
	for i := 1; i < n; i++ {
		if bytes.Compare(ids[i-1][:], ids[i][:]) >= 0 {
			ordered = false
			break
		}
	}
	fmt.Printf("trigger NewV7 in a loop: each UUID greater than the one before: %v\n", ordered)
}
