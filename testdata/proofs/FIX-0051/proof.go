// Proof for FIX-0051: go-redis commands given a single nil as their
// variadic arguments, against a fake Redis server on loopback that records
// each command; and the fix option (no arguments at all).
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

// readCommand reads one RESP array of bulk strings.
func readCommand(r *bufio.Reader) ([]string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(line, "*") {
		return nil, fmt.Errorf("not an array: %q", line)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
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

// serve answers HELLO with an error (so the client speaks RESP2), EVAL with
// an empty array, SADD with 0 and everything else with +OK, and sends the
// EVAL and SADD commands it gets to seen.
func serve(c net.Conn, seen chan<- string) {
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		args, err := readCommand(r)
		if err != nil || len(args) == 0 {
			return
		}
		switch strings.ToLower(args[0]) {
		case "hello":
			c.Write([]byte("-ERR unknown command 'HELLO'\r\n"))
		case "eval":
			seen <- fmt.Sprintf("%q", args)
			c.Write([]byte("*0\r\n"))
		case "sadd":
			seen <- fmt.Sprintf("%q", args)
			c.Write([]byte(":0\r\n"))
		default:
			c.Write([]byte("+OK\r\n"))
		}
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	seen := make(chan string, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c, seen)
		}
	}()
	rdb := redis.NewClient(&redis.Options{Addr: ln.Addr().String()})
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	try := func(name string, f func() error) {
		defer func() {
			if r := recover(); r != nil {
				fmt.Printf("%s: panic: %v\n", name, r)
			}
		}()
		if err := f(); err != nil && err != redis.Nil {
			fmt.Printf("%s: error: %v\n", name, err)
			return
		}
		fmt.Printf("%s: server got %s\n", name, <-seen)
	}
	const script = "return redis.call('GET', KEYS[1])"
	// The triggers: nil as the only script argument, and as the only member.
	try("trigger Eval(ctx, script, keys, nil)", func() error {
		return rdb.Eval(ctx, script, []string{"k"}, nil).Err()
	})
	try("trigger SAdd(ctx, key, nil)", func() error {
		return rdb.SAdd(ctx, "set", nil).Err()
	})
	// Fix option: pass no arguments when there are none.
	try("fix Eval(ctx, script, keys)", func() error {
		return rdb.Eval(ctx, script, []string{"k"}).Err()
	})
}
