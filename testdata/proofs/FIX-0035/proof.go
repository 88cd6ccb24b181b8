// Proof for FIX-0035: the heap a call allocates (runtime.MemStats
// TotalAlloc, in whole MiB) when jws.Verify is given a 4 MiB token made of
// periods; then the two code fix options on the same token: a shape check
// before Verify, and verifying with github.com/golang-jwt/jwt/v5 (pinned at
// v5.2.2) instead. A well-formed token signed with jws.Encode is verified
// for contrast.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"runtime"
	"strings"

	jwt "github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2/jws"
)

// allocMiB runs f and reports how many whole MiB of heap it allocated.
func allocMiB(f func() error) string {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := f()
	runtime.ReadMemStats(&after)
	return fmt.Sprintf("allocated %d MiB; error: %v", (after.TotalAlloc-before.TotalAlloc)>>20, err)
}

// checkShape is the fix option: reject long tokens and tokens without
// exactly two periods before calling jws.Verify.
func checkShape(tok string) error {
	if len(tok) > 16<<10 || strings.Count(tok, ".") != 2 {
		return errors.New("token rejected before Verify")
	}
	return nil
}

func main() {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	periods := strings.Repeat(".", 4<<20)

	fmt.Println("trigger jws.Verify(4 MiB of periods):", allocMiB(func() error { return jws.Verify(periods, &key.PublicKey) }))

	fmt.Println("fix shape check before Verify:", allocMiB(func() error {
		if err := checkShape(periods); err != nil {
			return err
		}
		return jws.Verify(periods, &key.PublicKey)
	}))

	fmt.Println("fix jwt/v5 v5.2.2 Parse:", allocMiB(func() error {
		_, err := jwt.Parse(periods, func(*jwt.Token) (interface{}, error) { return &key.PublicKey, nil }, jwt.WithValidMethods([]string{"RS256"}))
		return err
	}))

	good, err := jws.Encode(&jws.Header{Algorithm: "RS256", Typ: "JWT"}, &jws.ClaimSet{Iss: "svc", Aud: "api", Iat: 1, Exp: 2}, key)
	if err != nil {
		panic(err)
	}
	fmt.Println("well-formed token: jws.Verify error:", jws.Verify(good, &key.PublicKey), "; shape check error:", checkShape(good))
}
