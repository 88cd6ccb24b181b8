// Proof for FIX-0032: an HS256 token whose exp has passed, signed with the
// wrong key (a forgery), parsed with the right key: which error checks
// match. A genuine expired token (the right key) is parsed for contrast,
// and the fix option (reject a bad signature before any expiry branch) is
// applied to the forgery.
package main

import (
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v4"
)

var right = []byte("the server's key")

func token(key []byte) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "admin", "exp": 1700000000}).SignedString(key)
	if err != nil {
		panic(err)
	}
	return s
}

func parse(tok string) error {
	_, err := jwt.ParseWithClaims(tok, jwt.MapClaims{}, func(*jwt.Token) (interface{}, error) { return right, nil })
	return err
}

func flags(err error) string {
	var ve *jwt.ValidationError
	if !errors.As(err, &ve) {
		return "not a *ValidationError"
	}
	return fmt.Sprintf("Expired flag %v, SignatureInvalid flag %v",
		ve.Errors&jwt.ValidationErrorExpired != 0, ve.Errors&jwt.ValidationErrorSignatureInvalid != 0)
}

func main() {
	forged := parse(token([]byte("an attacker's key")))
	fmt.Printf("trigger forged expired token: errors.Is(err, ErrTokenExpired) = %v; %s; err: %v\n",
		errors.Is(forged, jwt.ErrTokenExpired), flags(forged), forged)

	// Fix option: a bad signature is rejected before the expiry branch.
	switch {
	case errors.Is(forged, jwt.ErrTokenSignatureInvalid):
		fmt.Println("fix ErrTokenSignatureInvalid checked first: forged token rejected as a bad signature")
	case errors.Is(forged, jwt.ErrTokenExpired):
		fmt.Println("fix ErrTokenSignatureInvalid checked first: forged token reached the expiry branch")
	default:
		fmt.Println("fix ErrTokenSignatureInvalid checked first: other error:", forged)
	}

	genuine := parse(token(right))
	fmt.Printf("genuine expired token: errors.Is(err, ErrTokenExpired) = %v; %s\n",
		errors.Is(genuine, jwt.ErrTokenExpired), flags(genuine))
}
