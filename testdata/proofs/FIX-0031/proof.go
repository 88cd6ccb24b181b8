// Proof for FIX-0031: a key added with one constraint extension, first
// through agent.NewClient to an agent served in-process by ServeAgent that
// records what each Add request carried, then straight into
// agent.NewKeyring.
package main

import (
	"crypto/ed25519"
	"fmt"
	"net"

	"golang.org/x/crypto/ssh/agent"
)

// recorder is an Agent that records the constraints of each key added
// and accepts it.
type recorder struct {
	agent.Agent
	seen string
}

func (r *recorder) Add(key agent.AddedKey) error {
	var names []string
	for _, e := range key.ConstraintExtensions {
		names = append(names, e.ExtensionName)
	}
	r.seen = fmt.Sprintf("lifetime=%d extensions=%q", key.LifetimeSecs, names)
	return nil // accept, as an agent that enforces the extension would

}

var restrict = []agent.ConstraintExtension{{ExtensionName: "restrict-destination-v00@openssh.com", ExtensionDetails: []byte{0, 0, 0, 0}}}

func main() {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	key := agent.AddedKey{PrivateKey: priv, Comment: "jump", LifetimeSecs: 300, ConstraintExtensions: restrict}

	// Trigger 1: the client sends the key to a remote agent.
	func() {
		defer func() {
			if p := recover(); p != nil {
				fmt.Println("trigger NewClient(conn).Add: panic:", p)
			}
		}()
		rec := &recorder{Agent: agent.NewKeyring(), seen: "(no Add)"}
		c1, c2 := net.Pipe()
		defer c1.Close()
		go func() {
			agent.ServeAgent(rec, c2)
			c2.Close()
		}()
		err := agent.NewClient(c1).Add(key)
		fmt.Printf("trigger NewClient(conn).Add: returned %v; the agent received %s\n", err, rec.seen)
	}()

	// Trigger 2: the in-memory keyring.
	func() {
		defer func() {
			if p := recover(); p != nil {
				fmt.Println("trigger NewKeyring().Add: panic:", p)
			}
		}()
		kr := agent.NewKeyring()
		err := kr.Add(key)
		keys, _ := kr.List()
		fmt.Printf("trigger NewKeyring().Add: returned %v; keys held: %d\n", err, len(keys))
	}()
}
