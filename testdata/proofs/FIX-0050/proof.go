// Proof for FIX-0050: a fake PostgreSQL server on loopback records the SQL
// pgx sends for a query with a dollar-quoted literal run in
// QueryExecModeSimpleProtocol with an attacker's value, and for the fix
// option (QueryExecModeExec: the extended protocol, the value sent apart).
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

func msg(typ byte, body string) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(4+len(body)))
	return append(b, body...)
}

// serve speaks just enough of the protocol: no SSL, trust authentication,
// and for each query a bare "SELECT 0" completion. It sends what the client
// asked the server to run to seen.
func serve(c net.Conn, seen chan<- string) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	var n uint32
	if binary.Read(c, binary.BigEndian, &n) != nil || n < 8 || n > 1<<16 {
		return
	}
	io.ReadFull(c, make([]byte, n-4)) // startup message
	var out []byte
	out = append(out, msg('R', "\x00\x00\x00\x00")...)
	out = append(out, msg('S', "standard_conforming_strings\x00on\x00")...)
	out = append(out, msg('S', "client_encoding\x00UTF8\x00")...)
	out = append(out, msg('S', "server_version\x0016.0\x00")...)
	out = append(out, msg('K', "\x00\x00\x00\x01\x00\x00\x00\x02")...)
	out = append(out, msg('Z', "I")...)
	c.Write(out)
	var pending []string
	for {
		var h [5]byte
		if _, err := io.ReadFull(c, h[:]); err != nil {
			return
		}
		body := make([]byte, binary.BigEndian.Uint32(h[1:])-4)
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		switch h[0] {
		case 'Q': // simple query
			seen <- fmt.Sprintf("Query %q", strings.TrimRight(string(body), "\x00"))
			c.Write(append(msg('C', "SELECT 0\x00"), msg('Z', "I")...))
		case 'P': // Parse: name, query, parameter types
			parts := strings.SplitN(string(body), "\x00", 3)
			pending = append(pending, fmt.Sprintf("Parse %q", parts[1]))
			out = msg('1', "")
		case 'B': // Bind: portal, statement, formats, values
			pending = append(pending, "Bind with parameters")
			out = append(out, msg('2', "")...)
		case 'D':
			out = append(out, msg('n', "")...)
		case 'E':
			out = append(out, msg('C', "SELECT 0\x00")...)
		case 'S': // Sync
			c.Write(append(out, msg('Z', "I")...))
			seen <- strings.Join(pending, ", ")
			pending, out = nil, nil
		case 'X':
			return
		}
	}
}

func run(name string, mode pgx.QueryExecMode) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	seen := make(chan string, 8)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			serve(c, seen)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addr := ln.Addr().(*net.TCPAddr)
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://app@127.0.0.1:%d/app?sslmode=disable", addr.Port))
	if err != nil {
		fmt.Printf("%s: connect error: %v\n", name, err)
		return
	}
	defer conn.Close(context.Background())
	attack := `$tag$; drop table canary; --`
	_, err = conn.Exec(ctx, `select $tag$ $1 $tag$, $1`, mode, attack)
	if err != nil {
		fmt.Printf("%s: Exec error: %v\n", name, err)
		return
	}
	fmt.Printf("%s: server got %s\n", name, <-seen)
}

func main() {
	// The trigger: the simple protocol, with a query that holds a dollar-quoted literal.
	run("trigger QueryExecModeSimpleProtocol", pgx.QueryExecModeSimpleProtocol)
	// Fix option: the extended protocol sends the value apart from the SQL.
	run("fix QueryExecModeExec", pgx.QueryExecModeExec)
}
