// Proof for FIX-0046: a fake PostgreSQL server on loopback asks for a
// cleartext password and records the password lib/pq sends for a Config
// whose Password field was set in Go, and for the fix option (the password
// given in the connection string parsed by NewConfig).
package main

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/lib/pq"
)

// serve accepts one connection, answers an SSL request with 'N', asks for a
// cleartext password and returns what the client sent back.
func serve(ln net.Listener) string {
	c, err := ln.Accept()
	if err != nil {
		return "accept: " + err.Error()
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	for {
		var n uint32
		if err := binary.Read(c, binary.BigEndian, &n); err != nil || n < 8 || n > 1<<16 {
			return "(no startup message)"
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(c, body); err != nil {
			return "(short startup message)"
		}
		if binary.BigEndian.Uint32(body) == 80877103 { // SSLRequest
			c.Write([]byte{'N'})
			continue
		}
		break
	}
	// AuthenticationCleartextPassword.
	c.Write([]byte{'R', 0, 0, 0, 8, 0, 0, 0, 3})
	var typ [1]byte
	if _, err := io.ReadFull(c, typ[:]); err != nil {
		return "(client sent no password message)"
	}
	var n uint32
	binary.Read(c, binary.BigEndian, &n)
	if n < 4 || n > 1<<16 {
		return "(bad message)"
	}
	body := make([]byte, n-4)
	io.ReadFull(c, body)
	msg := "SFATAL\x00C28P01\x00Mpassword authentication failed\x00\x00"
	e := []byte{'E', 0, 0, 0, 0}
	binary.BigEndian.PutUint32(e[1:], uint32(4+len(msg)))
	c.Write(append(e, msg...))
	return fmt.Sprintf("server got password %q", strings.TrimRight(string(body), "\x00"))
}

func try(name string, mk func(port uint16) (*pq.Connector, error)) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	seen := make(chan string, 1)
	go func() { seen <- serve(ln) }()
	connector, err := mk(uint16(ln.Addr().(*net.TCPAddr).Port))
	if err != nil {
		fmt.Printf("%s: connector error: %v\n", name, err)
		return
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = db.PingContext(ctx)
	ln.Close()
	fmt.Printf("%s: %s; Ping: %v\n", name, <-seen, err)
}

func main() {
	// No password may come from the machine running the proof.
	home, _ := os.MkdirTemp("", "pqproof")
	defer os.RemoveAll(home)
	os.Setenv("HOME", home)
	os.Setenv("PGPASSFILE", home+"/pgpass")
	os.Unsetenv("PGPASSWORD")
	os.Unsetenv("PGSERVICEFILE")
	os.Unsetenv("PGSERVICE")

	// The trigger: the password set on a Config in Go.
	try("trigger Config{Password: \"s3cret\"}", func(port uint16) (*pq.Connector, error) {
		return pq.NewConnectorConfig(pq.Config{Host: "127.0.0.1", Port: port, User: "app", Database: "app", Password: "s3cret", SSLMode: "disable"})
	})
	// Fix option: put the password in the connection string and parse it.
	try("fix NewConfig(\"... password=s3cret\")", func(port uint16) (*pq.Connector, error) {
		cfg, err := pq.NewConfig(fmt.Sprintf("host=127.0.0.1 port=%d user=app dbname=app password=s3cret sslmode=disable", port))
		if err != nil {
			return nil, err
		}
		return pq.NewConnectorConfig(cfg)
	})
}
