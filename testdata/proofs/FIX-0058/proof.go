// Proof for FIX-0058: a rate.Limiter whose limit is 0 takes the events it
// allows out of its burst, so the limiter keeps a smaller burst (down to 0)
// after the limit is raised again. Times are passed explicitly (AllowN,
// SetLimitAt), so the output does not depend on the clock.
package main

import (
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// drain asks for five events at t0 and reports how many were allowed.
func drain(lim *rate.Limiter) int {
	allowed := 0
	for i := 0; i < 5; i++ {
		if lim.AllowN(t0, 1) {
			allowed++
		}
	}
	return allowed
}

// reopen raises the limit to 10/s and asks for one event a second later.
func reopen(lim *rate.Limiter, resetBurst bool) string {
	lim.SetLimitAt(t0, 10)
	if resetBurst {
		lim.SetBurstAt(t0, 3)
	}
	return fmt.Sprintf("Burst()=%d, AllowN 1s after SetLimitAt(10)=%v", lim.Burst(), lim.AllowN(t0.Add(time.Second), 1))
}

func main() {
	a := rate.NewLimiter(0, 3)
	n := drain(a)
	fmt.Printf("trigger NewLimiter(0, 3): %d of 5 allowed at limit 0, %s\n", n, reopen(a, false))

	b := rate.NewLimiter(10, 3)
	b.SetLimitAt(t0, 0)
	n = drain(b)
	fmt.Printf("trigger SetLimitAt(t, 0) on NewLimiter(10, 3): %d of 5 allowed at limit 0, %s\n", n, reopen(b, false))

	c := rate.NewLimiter(10, 3)
	c.SetLimitAt(t0, 0)
	n = drain(c)
	fmt.Printf("fix SetBurstAt(t, 3) after raising the limit: %d of 5 allowed at limit 0, %s\n", n, reopen(c, true))
}
