// Proof for FIX-0049: a mysql.Config literal, formatted with FormatDSN and
// opened, against a fake MySQL server on loopback that offers
// mysql_native_password; and the fix option, the same fields set on the
// Config that NewConfig returns.
package main

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

func writePacket(c net.Conn, seq byte, payload []byte) {
	h := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), seq}
	c.Write(append(h, payload...))
}

func readPacket(c net.Conn) (byte, []byte, error) {
	var h [4]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	p := make([]byte, n)
	_, err := io.ReadFull(c, p)
	return h[3], p, err
}

// serve sends a protocol 10 handshake that asks for mysql_native_password,
// reports the user name in the client's handshake response, and answers
// every later command with OK.
func serve(c net.Conn, seen chan<- string) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	const caps = 0x1 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x80000 // long password, with db, 4.1, transactions, secure conn, plugin auth
	var hs []byte
	hs = append(hs, 10)
	hs = append(hs, "8.0.36\x00"...)
	hs = binary.LittleEndian.AppendUint32(hs, 1)
	hs = append(hs, "abcdefgh"...) // auth data, part 1
	hs = append(hs, 0)
	hs = binary.LittleEndian.AppendUint16(hs, caps&0xffff)
	hs = append(hs, 45) // utf8mb4_general_ci
	hs = binary.LittleEndian.AppendUint16(hs, 2)
	hs = binary.LittleEndian.AppendUint16(hs, caps>>16)
	hs = append(hs, 21)
	hs = append(hs, make([]byte, 10)...)
	hs = append(hs, "ijklmnopqrst\x00"...) // auth data, part 2
	hs = append(hs, "mysql_native_password\x00"...)
	writePacket(c, 0, hs)

	seq, p, err := readPacket(c)
	if err != nil {
		seen <- "server: the client sent no handshake response (connection closed)"
		return
	}
	user := "?"
	if len(p) > 32 {
		user, _, _ = strings.Cut(string(p[32:]), "\x00")
	}
	seen <- fmt.Sprintf("server: handshake response from user %q", user)
	ok := []byte{0, 0, 0, 2, 0, 0, 0}
	for {
		writePacket(c, seq+1, ok)
		seq, p, err = readPacket(c)
		if err != nil || (len(p) > 0 && p[0] == 1) { // COM_QUIT
			return
		}
	}
}

func try(name string, cfg *mysql.Config) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	seen := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			seen <- "server: no connection"
			return
		}
		serve(c, seen)
	}()
	cfg.Addr = ln.Addr().String()
	dsn := cfg.FormatDSN()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		fmt.Printf("%s: sql.Open: %v\n", name, err)
		return
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = db.PingContext(ctx)
	fmt.Printf("%s: DSN params %q; %s; Ping: %v\n", name, dsn[strings.Index(dsn, ")/")+1:], <-seen, err)
}

type quiet struct{}

func (quiet) Print(v ...interface{}) {}

func main() {
	log.SetFlags(0)
	mysql.SetLogger(quiet{})

	// The trigger: a Config literal that leaves AllowNativePasswords out.
	try("trigger Config{User, Passwd, Net, Addr, DBName}", &mysql.Config{
		User: "app", Passwd: "s3cret", Net: "tcp", DBName: "shop",
	})
	// Fix option: start from NewConfig, which sets the defaults.
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.DBName = "app", "s3cret", "tcp", "shop"
	try("fix NewConfig() then set the fields", cfg)
}
