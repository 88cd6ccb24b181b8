// Proof for FIX-0021: a Get with a 100ms ctx deadline against loopback
// "Redis nodes" that accept connections and never answer, through clients
// with ContextTimeoutEnabled: true and a ReadTimeout of 2s. The program
// reports whether the call came back before the ReadTimeout (the ctx
// deadline bounded it) or only after it. NewFailoverClusterClient gets the
// silent node as master from a fake Sentinel on loopback.
package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
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

// fakeSentinel answers the few Redis Sentinel commands go-redis sends,
// naming master as the master of every name, with no replicas.
func fakeSentinel(master string) string {
	host, port, _ := net.SplitHostPort(master)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	bulk := func(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					args, err := readCommand(r)
					if err != nil {
						return
					}
					reply := "+OK\r\n"
					switch cmd := strings.ToUpper(strings.Join(args, " ")); {
					case strings.HasPrefix(cmd, "HELLO"):
						reply = "-ERR unknown command 'HELLO'\r\n"
					case strings.HasPrefix(cmd, "SENTINEL GET-MASTER-ADDR-BY-NAME"):
						reply = "*2\r\n" + bulk(host) + bulk(port)
					case strings.HasPrefix(cmd, "SENTINEL"):
						reply = "*0\r\n"
					case strings.HasPrefix(cmd, "PSUBSCRIBE") || strings.HasPrefix(cmd, "SUBSCRIBE"):
						reply = "*3\r\n" + bulk(strings.ToLower(args[0])) + bulk(args[1]) + ":1\r\n"
					case cmd == "PING":
						reply = "+PONG\r\n"
					}
					if _, err := c.Write([]byte(reply)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// readCommand reads one RESP array of bulk strings.
func readCommand(r *bufio.Reader) ([]string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "*")))
	if err != nil {
		return nil, err
	}
	args := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if _, err := r.ReadString('\n'); err != nil { // $len
			return nil, err
		}
		arg, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		args = append(args, strings.TrimRight(arg, "\r\n"))
	}
	return args, nil
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

	fmt.Println("trigger NewFailoverClusterClient(FailoverOptions{ContextTimeoutEnabled: true}): Get", get(redis.NewFailoverClusterClient(&redis.FailoverOptions{
		MasterName: "mymaster", SentinelAddrs: []string{fakeSentinel(a)}, ContextTimeoutEnabled: true,
		ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1,
	})))

	// Clients that honour the flag at every version.
	fmt.Println("single NewClient(Options{ContextTimeoutEnabled: true}): Get", get(redis.NewClient(&redis.Options{
		Addr: a, ContextTimeoutEnabled: true, ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1,
	})))
	fmt.Println("NewFailoverClient(FailoverOptions{ContextTimeoutEnabled: true}): Get", get(redis.NewFailoverClient(&redis.FailoverOptions{
		MasterName: "mymaster", SentinelAddrs: []string{fakeSentinel(a)}, ContextTimeoutEnabled: true,
		ReadTimeout: readTimeout, WriteTimeout: readTimeout, MaxRetries: -1,
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
