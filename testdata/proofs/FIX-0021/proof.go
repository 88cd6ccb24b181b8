// Proof for FIX-0021: a Get with a 100ms ctx deadline against loopback
// "Redis nodes" that accept connections and never answer, through clients
// with ContextTimeoutEnabled: true and a ReadTimeout of 2s. The program
// reports whether the call came back before the ReadTimeout (the ctx
// deadline bounded it) or only after it.
package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

const readTimeout = 2 * time.Second

func silentNode() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { // read and never answer
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func get(c redis.UniversalClient) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Get(ctx, "k").Err()
	took := time.Since(start)
	when := "before the 2s ReadTimeout"
	if took >= readTimeout {
		when = "only after the 2s ReadTimeout"
	}
	if err == nil {
		return "no error, " + when
	}
	return "failed " + when
}

func main() {
	a, b := silentNode(), silentNode()

	// The triggers.
	fmt.Println("trigger ClusterOptions{ContextTimeoutEnabled: true}: Get", get(redis.NewClusterClient(&redis.ClusterOptions{
		Addrs: []string{a, b}, ContextTimeoutEnabled: true,
		ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1, MaxRedirects: -1,
	})))
	fmt.Println("trigger UniversalOptions{Addrs: two, ContextTimeoutEnabled: true}: Get", get(redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs: []string{a, b}, ContextTimeoutEnabled: true,
		ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1, MaxRedirects: -1,
	})))

	// Clients that honour the flag at every version.
	fmt.Println("single NewClient(Options{ContextTimeoutEnabled: true}): Get", get(redis.NewClient(&redis.Options{
		Addr: a, ContextTimeoutEnabled: true, ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1,
	})))
	fmt.Println("UniversalOptions{Addrs: one, ContextTimeoutEnabled: true}: Get", get(redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs: []string{a}, ContextTimeoutEnabled: true, ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1,
	})))

	// Fix option: socket timeouts set to the latency budget.
	fmt.Println("fix ReadTimeout/WriteTimeout 100ms on the cluster: Get", get(redis.NewClusterClient(&redis.ClusterOptions{
		Addrs: []string{a, b}, ContextTimeoutEnabled: true,
		ReadTimeout: 100 * time.Millisecond, WriteTimeout: 100 * time.Millisecond, MaxRetries: -1, MaxRedirects: -1,
	})))
}
