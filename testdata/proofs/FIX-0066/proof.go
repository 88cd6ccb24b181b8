// Proof for FIX-0066: a goroutine started with errgroup's Go panics while a
// sibling keeps running. The program runs itself as a child process and
// reports whether the child crashed at once or was still running, and what
// Wait did.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

func child(mode string) {
	var g errgroup.Group
	g.Go(func() error {
		if mode == "fix" {
			// Fix option: recover inside the function and crash on purpose.
			defer func() {
				if r := recover(); r != nil {
					fmt.Printf("recovered in the goroutine: %v; exiting\n", r)
					os.Exit(3)
				}
			}()
		}
		panic("boom")
	})
	g.Go(func() error {
		time.Sleep(500 * time.Millisecond) // a long-running sibling
		return nil
	})
	time.Sleep(200 * time.Millisecond)
	fmt.Println("still running 200ms after the panic")
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("Wait panicked with: %v\n", firstLine(fmt.Sprint(r)))
		}
	}()
	err := g.Wait()
	fmt.Printf("Wait returned %v\n", err)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func run(mode string) string {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "FIX0066_CHILD="+mode)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if l != "" && !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "goroutine ") && !strings.HasPrefix(l, "main.") && !strings.HasPrefix(l, "golang.org/") && !strings.HasPrefix(l, "created by") && !strings.HasPrefix(l, "exit status") {
			lines = append(lines, l)
		}
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return fmt.Sprintf("%s [exit %d]", strings.Join(lines, " | "), code)
}

func main() {
	if mode := os.Getenv("FIX0066_CHILD"); mode != "" {
		child(mode)
		return
	}
	fmt.Println("trigger g.Go(panicking func) beside a running sibling:", run("trigger"))
	fmt.Println("fix recover inside the func:", run("fix"))
}
