// Proof for FIX-0067: an amqps URL with TLS query parameters is parsed with
// amqp091.ParseURI, turned back into a string with URI.String (as code does
// before dialing), and parsed again; the program prints what survived.
package main

import (
	"fmt"
	"net/url"

	amqp "github.com/rabbitmq/amqp091-go"
)

const original = "amqps://user:secret@rabbit.internal:5671/orders?certfile=/etc/amqp/client.pem&keyfile=/etc/amqp/client.key&cacertfile=/etc/amqp/ca.pem&server_name_indication=rabbit.example"

func describe(s string) string {
	u, err := amqp.ParseURI(s)
	if err != nil {
		return "ParseURI error: " + err.Error()
	}
	return fmt.Sprintf("certfile=%q keyfile=%q cacertfile=%q sni=%q", u.CertFile, u.KeyFile, u.CACertFile, u.ServerName)
}

func main() {
	u, err := amqp.ParseURI(original)
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	fmt.Println("parsed:", describe(original))
	s := u.String()
	fmt.Println("trigger URI.String():", s)
	fmt.Println("trigger ParseURI(URI.String()):", describe(s))

	// Fix option: set the TLS query parameters yourself on the string.
	fixed, err := url.Parse(u.String())
	if err != nil {
		fmt.Println("fix:", err)
		return
	}
	fixed.RawQuery = url.Values{
		"certfile":               {u.CertFile},
		"keyfile":                {u.KeyFile},
		"cacertfile":             {u.CACertFile},
		"server_name_indication": {u.ServerName},
	}.Encode()
	fmt.Println("fix query set with net/url:", describe(fixed.String()))
}
