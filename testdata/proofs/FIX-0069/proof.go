// Proof for FIX-0069: a loopback server accepts a WebSocket with
// permessage-deflate negotiated and writes one 8 KiB text message; a raw
// client reads the frames off the wire and prints how many carried it.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/coder/websocket"
)

// payload is 8 KiB of letters from a fixed linear congruential generator:
// deterministic, and not compressible below the flate writer's buffer size.
func payload() []byte {
	b := make([]byte, 8<<10)
	x := uint32(1)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = 'a' + byte(x>>24)%26
	}
	return b
}

func frames(opts *websocket.AcceptOptions) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, opts)
		if err != nil {
			return
		}
		c.Write(context.Background(), websocket.MessageText, payload())
		c.CloseNow()
	}))
	defer srv.Close()

	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		return "dial error: " + err.Error()
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"+
		"Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n", conn.RemoteAddr())
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return "handshake error: " + err.Error()
	}
	ext := resp.Header.Get("Sec-WebSocket-Extensions")

	n, total, compressed := 0, 0, false
	for {
		var h [2]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return "read error: " + err.Error()
		}
		if n == 0 {
			compressed = h[0]&0x40 != 0
		}
		size := uint64(h[1] & 0x7f)
		switch size {
		case 126:
			var l [2]byte
			io.ReadFull(br, l[:])
			size = uint64(binary.BigEndian.Uint16(l[:]))
		case 127:
			var l [8]byte
			io.ReadFull(br, l[:])
			size = binary.BigEndian.Uint64(l[:])
		}
		if _, err := io.CopyN(io.Discard, br, int64(size)); err != nil {
			return "read error: " + err.Error()
		}
		n++
		total += int(size)
		if h[0]&0x80 != 0 { // FIN
			break
		}
	}
	return fmt.Sprintf("extension %q, compressed %v, %d frame(s), %d payload bytes", ext, compressed, n, total)
}

func main() {
	fmt.Println("trigger AcceptOptions{CompressionMode: CompressionContextTakeover}:",
		frames(&websocket.AcceptOptions{CompressionMode: websocket.CompressionContextTakeover}))
	fmt.Println("trigger AcceptOptions{CompressionMode: CompressionNoContextTakeover}:",
		frames(&websocket.AcceptOptions{CompressionMode: websocket.CompressionNoContextTakeover}))
	fmt.Println("fix CompressionDisabled:",
		frames(&websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled}))
	fmt.Println("fix CompressionThreshold above the message size:",
		frames(&websocket.AcceptOptions{CompressionMode: websocket.CompressionContextTakeover, CompressionThreshold: 16 << 10}))
}
