// Proof for FIX-0026: a fake NATS server on 127.0.0.1 speaks the client
// protocol and answers the JetStream account and stream-name lookups, but
// never answers a stream or consumer creation or a publish, as a JetStream
// that lost its meta leader. With MaxWait 500ms, each call either returns or is still
// blocked after 3s.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

func matches(pattern, subject string) bool {
	p, s := strings.Split(pattern, "."), strings.Split(subject, ".")
	for i, t := range p {
		if t == ">" {
			return len(s) > i
		}
		if i >= len(s) || (t != "*" && t != s[i]) {
			return false
		}
	}
	return len(p) == len(s)
}

func serve(c net.Conn) {
	defer c.Close()
	port := c.LocalAddr().(*net.TCPAddr).Port
	fmt.Fprintf(c, "INFO {\"server_id\":\"fake\",\"version\":\"2.10.0\",\"proto\":1,\"host\":\"127.0.0.1\",\"port\":%d,\"headers\":true,\"max_payload\":1048576}\r\n", port)
	subs := map[string]string{} // sid -> subject
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "PING":
			fmt.Fprint(c, "PONG\r\n")
		case "SUB":
			subs[f[len(f)-1]] = f[1]
		case "UNSUB":
			delete(subs, f[1])
		case "PUB", "HPUB":
			n, _ := strconv.Atoi(f[len(f)-1])
			buf := make([]byte, n+2)
			if _, err := io_ReadFull(r, buf); err != nil {
				return
			}
			reply := ""
			if (f[0] == "PUB" && len(f) == 4) || (f[0] == "HPUB" && len(f) == 5) {
				reply = f[2]
			}
			var answer string
			switch {
			case f[1] == "$JS.API.INFO":
				answer = `{"type":"io.nats.jetstream.api.v1.account_info_response","memory":0,"storage":0,"streams":1,"consumers":0}`
			case strings.HasPrefix(f[1], "$JS.API.STREAM.NAMES"):
				answer = `{"type":"io.nats.jetstream.api.v1.stream_names_response","total":1,"offset":0,"limit":1024,"streams":["ORDERS"]}`
			default:
				continue // stream and consumer creation: no answer
			}
			for sid, subj := range subs {
				if reply != "" && matches(subj, reply) {
					fmt.Fprintf(c, "MSG %s %s %d\r\n%s\r\n", reply, sid, len(answer), answer)
					break
				}
			}
		}
	}
}

func io_ReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

var errNoSubOpt = errors.New("nats.Context is no SubOpt")

// within runs call and reports its error, or that it is still blocked after 3s.
func within(call func() error) string {
	done := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Sprintf("panic: %v", r)
			}
		}()
		if err := call(); err == errNoSubOpt {
			done <- "not run: nats.Context is no SubOpt at this version"
			return
		} else if err != nil {
			done <- "returned error: " + err.Error()
			return
		}
		done <- "returned no error"
	}()
	select {
	case s := <-done:
		return s
	case <-time.After(3 * time.Second):
		return "still blocked after 3s (MaxWait is 500ms)"
	}
}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()

	nc, err := nats.Connect("nats://"+l.Addr().String(), nats.NoReconnect())
	if err != nil {
		fmt.Println("connect:", err)
		return
	}
	defer nc.Close()
	js, err := nc.JetStream(nats.MaxWait(500 * time.Millisecond))
	if err != nil {
		fmt.Println("JetStream:", err)
		return
	}
	cfg := &nats.StreamConfig{Name: "ORDERS", Subjects: []string{"ORDERS.*"}}
	// nats.Context is a subscribe option only from v1.15.0.
	var ctxOpt interface{} = nats.Context(context.Background())
	subscribe := func(opt interface{}) func() error {
		return func() error {
			so, ok := opt.(nats.SubOpt)
			if !ok {
				return errNoSubOpt
			}
			_, err := js.SubscribeSync("ORDERS.new", so)
			return err
		}
	}

	fmt.Println("trigger AddStream(cfg, nats.Context(context.Background())):", within(func() error {
		_, err := js.AddStream(cfg, nats.Context(context.Background()))
		return err
	}))
	fmt.Println("trigger SubscribeSync(subj, nats.Context(context.Background())):", within(subscribe(ctxOpt)))

	fmt.Println("fix AddStream(cfg, nats.Context(ctx with a 500ms deadline)):", within(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		_, err := js.AddStream(cfg, nats.Context(ctx))
		return err
	}))
	fmt.Println("fix AddStream(cfg) relying on MaxWait:", within(func() error {
		_, err := js.AddStream(cfg)
		return err
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var deadlineOpt interface{} = nats.Context(ctx)
	fmt.Println("fix SubscribeSync(subj, nats.Context(ctx with a 500ms deadline)):", within(subscribe(deadlineOpt)))

	// Not changed by the fix: Publish takes its own path, and the server never acks.
	fmt.Println("not fixed Publish(subj, data, nats.Context(context.Background())):", within(func() error {
		_, err := js.Publish("ORDERS.new", []byte("x"), nats.Context(context.Background()))
		return err
	}))
}
