// Proof for FIX-0030: an ed25519 key with ConfirmBeforeUse is added to the
// in-memory keyring from agent.NewKeyring, which is then asked to sign. The
// fix option (adding through agent.NewClient) runs against an agent served
// in process over net.Pipe that records the constraint it receives; the same
// client path against ServeAgent(NewKeyring()) is shown last.
package main

import (
	"crypto/ed25519"
	"fmt"
	"net"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// recorder is an agent that records the confirm constraint of added keys.
type recorder struct {
	agent.Agent
	confirm []bool
}

func (r *recorder) Add(key agent.AddedKey) error {
	r.confirm = append(r.confirm, key.ConfirmBeforeUse)
	return nil
}

func serve(a agent.Agent) (agent.ExtendedAgent, func()) {
	c1, c2 := net.Pipe()
	go agent.ServeAgent(a, c2)
	return agent.NewClient(c1), func() { c1.Close(); c2.Close() }
}

func main() {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		fmt.Println("signer:", err)
		return
	}
	key := agent.AddedKey{PrivateKey: priv, Comment: "deploy", ConfirmBeforeUse: true}

	kr := agent.NewKeyring()
	out := fmt.Sprintf("Add returned %v", kr.Add(key))
	keys, _ := kr.List()
	out += fmt.Sprintf("; keys held: %d", len(keys))
	if sig, err := kr.Sign(signer.PublicKey(), []byte("data")); err != nil {
		out += "; Sign returned error: " + err.Error()
	} else {
		out += fmt.Sprintf("; Sign returned a %s signature with no confirmation asked", sig.Format)
	}
	fmt.Println("trigger NewKeyring().Add(AddedKey{ConfirmBeforeUse: true}):", out)

	rec := &recorder{Agent: agent.NewKeyring()}
	client, done := serve(rec)
	err = client.Add(key)
	done()
	fmt.Printf("fix NewClient(conn).Add(AddedKey{ConfirmBeforeUse: true}) to an agent: Add returned %v; the agent received ConfirmBeforeUse %v\n", err, rec.confirm)

	client, done = serve(agent.NewKeyring())
	err = client.Add(key)
	keys, _ = client.List()
	done()
	fmt.Printf("remote NewClient(conn).Add(AddedKey{ConfirmBeforeUse: true}) to ServeAgent(NewKeyring()): Add returned %v; keys held: %d\n", err, len(keys))
}
