// Proof for FIX-0022: Acquire on a pgxpool whose MaxConns is math.MaxInt32.
// The pool points at a loopback listener that closes every connection, so
// an Acquire that really tries to connect fails with a connection error;
// one that never tries fails with pgxpool's loop guard.
package main

import (
	"context"
	"fmt"
	"math"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	var dials atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			dials.Add(1)
			c.Close()
		}
	}()
	dsn := "postgres://u:p@" + ln.Addr().String() + "/db?sslmode=disable&connect_timeout=2"

	acquire := func(maxConns int32) string {
		defer func() {
			if p := recover(); p != nil {
				fmt.Println("panic:", p)
			}
		}()
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			return "ParseConfig error: " + err.Error()
		}
		cfg.MaxConns = maxConns
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return "NewWithConfig error: " + err.Error()
		}
		defer pool.Close()
		before := dials.Load()
		_, err = pool.Acquire(ctx)
		time.Sleep(50 * time.Millisecond) // let the accept loop count the dial
		msg := "no error"
		if err != nil {
			// A connection error goes on with ports that vary from run to
			// run and a read error that may be EOF or a reset: keep its head.
			msg = err.Error()
			if head, _, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "failed to connect") {
				msg = head + ": ..."
			}
		}
		return fmt.Sprintf("Acquire dialled the server: %v; error: %s", dials.Load() > before, msg)
	}

	fmt.Println("trigger MaxConns = math.MaxInt32:", acquire(math.MaxInt32))
	fmt.Println("fix MaxConns = math.MaxInt32 - 1:", acquire(math.MaxInt32-1))
	fmt.Println("fix MaxConns = 10:", acquire(10))
}
