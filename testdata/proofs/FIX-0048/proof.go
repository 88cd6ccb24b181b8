// Proof for FIX-0048: Subscribe on a go-redis client made by WithTimeout,
// against a fake Redis server on loopback that answers just enough RESP, and
// the fix option (a second client whose options carry the timeouts).
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

// serve answers HELLO with an error (so the client speaks RESP2), SUBSCRIBE
// with its confirmation and everything else with +OK.
func serve(c net.Conn) {
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
		case "subscribe":
			for i, ch := range args[1:] {
				fmt.Fprintf(c, "*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:%d\r\n", len(ch), ch, i+1)
			}
		case "ping":
			c.Write([]byte("+PONG\r\n"))
		default:
			c.Write([]byte("+OK\r\n"))
		}
	}
}

func subscribe(name string, c *redis.Client) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("%s: panic: %v\n", name, r)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ps := c.Subscribe(ctx, "events")
	defer ps.Close()
	msg, err := ps.Receive(ctx)
	if err != nil {
		fmt.Printf("%s: Receive error: %v\n", name, err)
		return
	}
	fmt.Printf("%s: Receive: %v\n", name, msg)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	opt := &redis.Options{Addr: ln.Addr().String(), Protocol: 2}
	client := redis.NewClient(opt)
	defer client.Close()

	// The trigger: a client with its own timeouts, derived by WithTimeout, used for pub/sub.
	subscribe("trigger WithTimeout(time.Second).Subscribe", client.WithTimeout(time.Second))
	// Fix option: a client created with the timeouts in its options.
	withTimeouts := *opt
	withTimeouts.ReadTimeout, withTimeouts.WriteTimeout = time.Second, time.Second
	second := redis.NewClient(&withTimeouts)
	defer second.Close()
	subscribe("fix NewClient(&Options{ReadTimeout, WriteTimeout}).Subscribe", second)
}
