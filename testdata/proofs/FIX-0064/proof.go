// Proof for FIX-0064: a limiter created (or paused) with limit 0 loses one
// unit of burst for every event it allows, so once the limit is raised again
// the limiter refuses every event.
package main

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

func wait(lim *rate.Limiter) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := lim.Wait(ctx); err != nil {
		return "error: " + err.Error()
	}
	return "ok"
}

func main() {
	// The trigger: NewLimiter with limit 0 and burst 2, two events allowed,
	// then the limit raised to 10 per second.
	lim := rate.NewLimiter(0, 2)
	a, b, c := lim.Allow(), lim.Allow(), lim.Allow()
	fmt.Printf("trigger NewLimiter(0, 2): Allow x3 = %v %v %v, then Burst() = %d\n", a, b, c, lim.Burst())
	lim.SetLimit(10)
	fmt.Printf("trigger after SetLimit(10): Burst() = %d, Wait: %s\n", lim.Burst(), wait(lim))

	// The same through SetLimit(0) on a running limiter (pause, then resume).
	lim = rate.NewLimiter(10, 1)
	lim.SetLimit(0)
	lim.Allow()
	lim.SetLimit(10)
	fmt.Printf("trigger SetLimit(0), Allow, SetLimit(10): Burst() = %d, Wait: %s\n", lim.Burst(), wait(lim))

	// Fix option: restore the burst together with the limit.
	lim = rate.NewLimiter(0, 2)
	lim.Allow()
	lim.Allow()
	lim.SetLimit(10)
	lim.SetBurst(2)
	fmt.Printf("fix SetLimit(10) then SetBurst(2): Burst() = %d, Wait: %s\n", lim.Burst(), wait(lim))
}
