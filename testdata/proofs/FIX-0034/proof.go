// Proof for FIX-0034: an SSH server on 127.0.0.1 whose PublicKeyCallback is
// the Authenticate of a CertChecker with only UserKeyFallback, and a client
// that offers a CA-signed user certificate; then CheckHostKey of a
// CertChecker with only HostKeyFallback, called with a CA-signed host
// certificate. (A real client would call CheckHostKey from the handshake's
// own goroutine, where a panic ends the process, so it is called directly
// here.) The fix option sets the authority functions to ones that return
// false.
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"

	"golang.org/x/crypto/ssh"
)

func signer(seed byte) ssh.Signer {
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(append(make([]byte, 31), seed)))
	if err != nil {
		panic(err)
	}
	return s
}

var (
	ca      = signer(1)
	user    = signer(2)
	host    = signer(3)
	nokeys  = func(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) { return nil, errors.New("unknown key") }
	nohosts = func(string, net.Addr, ssh.PublicKey) error { return errors.New("unknown host") }
)

func cert(key ssh.Signer, typ uint32, principal string) *ssh.Certificate {
	c := &ssh.Certificate{Key: key.PublicKey(), CertType: typ, ValidPrincipals: []string{principal}, ValidBefore: ssh.CertTimeInfinity}
	if err := c.SignCert(rand.Reader, ca); err != nil {
		panic(err)
	}
	return c
}

// serve runs one SSH handshake on loopback with the checker as the
// server's public key callback, the client offering a user certificate,
// and reports what happened in the server.
func serve(checker *ssh.CertChecker) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "listen: " + err.Error()
	}
	defer ln.Close()
	result := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			result <- "accept: " + err.Error()
			return
		}
		defer conn.Close()
		defer func() {
			if p := recover(); p != nil {
				result <- fmt.Sprint("server: panic: ", p)
			}
		}()
		cfg := &ssh.ServerConfig{PublicKeyCallback: checker.Authenticate}
		cfg.AddHostKey(host)
		_, _, _, err = ssh.NewServerConn(conn, cfg)
		if err != nil {
			result <- "server: handshake error: " + err.Error()
			return
		}
		result <- "server: authenticated"
	}()
	certSigner, err := ssh.NewCertSigner(cert(user, ssh.UserCert, "deploy"), user)
	if err != nil {
		return "cert signer: " + err.Error()
	}
	c, err := ssh.Dial("tcp", ln.Addr().String(), &ssh.ClientConfig{
		User:            "deploy",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(certSigner)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // loopback, our own server
	})
	if err == nil {
		c.Close()
	}
	return <-result
}

// checkHost calls the checker's CheckHostKey with a host certificate.
func checkHost(checker *ssh.CertChecker) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprint("panic: ", p)
		}
	}()
	err := checker.CheckHostKey("127.0.0.1:22", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 22}, cert(host, ssh.HostCert, "127.0.0.1"))
	return fmt.Sprint("returned: ", err)
}

func main() {
	fmt.Println("trigger CertChecker{UserKeyFallback}.Authenticate, client offers a user certificate:",
		serve(&ssh.CertChecker{UserKeyFallback: nokeys}))
	fmt.Println("trigger CertChecker{HostKeyFallback}.CheckHostKey(host certificate):",
		checkHost(&ssh.CertChecker{HostKeyFallback: nohosts}))
	fmt.Println("fix IsUserAuthority returning false:",
		serve(&ssh.CertChecker{UserKeyFallback: nokeys, IsUserAuthority: func(ssh.PublicKey) bool { return false }}))
	fmt.Println("fix IsHostAuthority returning false:",
		checkHost(&ssh.CertChecker{HostKeyFallback: nohosts, IsHostAuthority: func(ssh.PublicKey, string) bool { return false }}))
}
