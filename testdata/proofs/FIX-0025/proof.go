// Proof for FIX-0025: a fake MySQL server on 127.0.0.1 completes the
// handshake and records the database name and the connection attributes
// each client sends. A Config with ConnectionAttributes is opened through
// FormatDSN (the trigger), through NewConnector, and through FormatDSN with
// the parameter appended after the right separator (the fix options); a
// parameter appended blindly with "&" is shown last.
package main

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/go-sql-driver/mysql"
)

// seen is what the server read from the last handshake response.
var (
	mu   sync.Mutex
	seen string
)

func readPacket(c net.Conn) ([]byte, byte, error) {
	var h [4]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		return nil, 0, err
	}
	n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	p := make([]byte, n)
	_, err := io.ReadFull(c, p)
	return p, h[3], err
}

func writePacket(c net.Conn, seq byte, p []byte) error {
	h := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), seq}
	_, err := c.Write(append(h, p...))
	return err
}

// lenenc reads a length-encoded integer.
func lenenc(b []byte) (uint64, int) {
	switch b[0] {
	case 0xfc:
		return uint64(binary.LittleEndian.Uint16(b[1:])), 3
	case 0xfd:
		return uint64(b[1]) | uint64(b[2])<<8 | uint64(b[3])<<16, 4
	case 0xfe:
		return binary.LittleEndian.Uint64(b[1:]), 9
	}
	return uint64(b[0]), 1
}

func cstring(b []byte) (string, []byte) {
	i := strings.IndexByte(string(b), 0)
	return string(b[:i]), b[i+1:]
}

// parseResponse decodes a HandshakeResponse41: the database and the
// attributes other than the driver's defaults (those start with "_").
func parseResponse(p []byte) string {
	flags := binary.LittleEndian.Uint32(p)
	b := p[32:]
	_, b = cstring(b) // user
	n, k := lenenc(b) // auth response
	b = b[k+int(n):]
	db := "(none)"
	if flags&(1<<3) != 0 { // CLIENT_CONNECT_WITH_DB
		db, b = cstring(b)
	}
	_, b = cstring(b) // auth plugin
	var attrs []string
	if flags&(1<<20) != 0 { // CLIENT_CONNECT_ATTRS
		n, k = lenenc(b)
		a := b[k : k+int(n)]
		for len(a) > 0 {
			var kv [2]string
			for i := range kv {
				n, k = lenenc(a)
				kv[i] = string(a[k : k+int(n)])
				a = a[k+int(n):]
			}
			if !strings.HasPrefix(kv[0], "_") {
				attrs = append(attrs, kv[0]+"="+kv[1])
			}
		}
	}
	return fmt.Sprintf("server saw database %q, attributes [%s]", db, strings.Join(attrs, " "))
}

var okPacket = []byte{0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}

func handle(c net.Conn) {
	defer c.Close()
	caps := uint32(1<<0 | 1<<2 | 1<<3 | 1<<9 | 1<<13 | 1<<15 | 1<<17 | 1<<19 | 1<<20)
	hs := []byte{10}
	hs = append(hs, "8.0.0-fake\x00"...)
	hs = append(hs, 1, 0, 0, 0)    // connection id
	hs = append(hs, "abcdefgh"...) // auth data, part 1
	hs = append(hs, 0)             // filler
	hs = append(hs, byte(caps), byte(caps>>8))
	hs = append(hs, 45, 2, 0) // charset, status
	hs = append(hs, byte(caps>>16), byte(caps>>24))
	hs = append(hs, 21) // auth data length
	hs = append(hs, make([]byte, 10)...)
	hs = append(hs, "ijklmnopqrst\x00"...) // auth data, part 2
	hs = append(hs, "mysql_native_password\x00"...)
	if writePacket(c, 0, hs) != nil {
		return
	}
	p, seq, err := readPacket(c)
	if err != nil {
		return
	}
	mu.Lock()
	seen = parseResponse(p)
	mu.Unlock()
	if writePacket(c, seq+1, okPacket) != nil {
		return
	}
	for {
		p, seq, err := readPacket(c)
		if err != nil || len(p) == 0 || p[0] == 0x01 { // COM_QUIT
			return
		}
		if writePacket(c, seq+1, okPacket) != nil {
			return
		}
	}
}

func ping(db *sql.DB) string {
	defer db.Close()
	mu.Lock()
	seen = "server saw no handshake"
	mu.Unlock()
	if err := db.Ping(); err != nil {
		return "error: " + err.Error()
	}
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// tail is the DSN after its last '/': the escaped database name and the parameters.
func tail(dsn string) string { return dsn[strings.LastIndex(dsn, "/"):] }

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
			go handle(c)
		}
	}()

	config := func() *mysql.Config {
		cfg := mysql.NewConfig()
		cfg.User, cfg.Passwd = "u", "p"
		cfg.Net, cfg.Addr = "tcp", l.Addr().String()
		cfg.DBName = "app"
		cfg.ConnectionAttributes = "service:billing,team:pay"
		return cfg
	}
	open := func(dsn string) string {
		db, err := sql.Open("mysql", dsn)
		if err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("DSN %q: %s", tail(dsn), ping(db))
	}
	// The fix option's separator: '?' unless the part after the last '/' has one.
	withAttrs := func(cfg *mysql.Config) string {
		dsn := cfg.FormatDSN()
		sep := "?"
		if strings.Contains(tail(dsn), "?") {
			sep = "&"
		}
		return dsn + sep + "connectionAttributes=" + url.QueryEscape(cfg.ConnectionAttributes)
	}

	fmt.Println("trigger sql.Open(cfg.FormatDSN()):", open(config().FormatDSN()))

	c, err := mysql.NewConnector(config())
	if err != nil {
		fmt.Println("fix NewConnector + sql.OpenDB: error:", err)
	} else {
		fmt.Println("fix NewConnector + sql.OpenDB:", ping(sql.OpenDB(c)))
	}

	fmt.Println("fix append with separator, default Config:", open(withAttrs(config())))
	cfg := config()
	cfg.ParseTime = true
	fmt.Println("fix append with separator, ParseTime set:", open(withAttrs(cfg)))

	cfg = config()
	fmt.Println("not a fix, \"&connectionAttributes=\" appended blindly:", open(cfg.FormatDSN()+"&connectionAttributes="+url.QueryEscape(cfg.ConnectionAttributes)))
}
