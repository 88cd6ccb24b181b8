// Proof for FIX-0059: on Linux, the process collector of client_golang
// v1.20.0 sends two network metrics it never described, so every pedantic
// registry (and the testutil helpers, which gather through one) fails. The
// metric values depend on the machine, so the program prints only the names
// the errors mention.
package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

var unregistered = regexp.MustCompile(`collected metric (\S+) .*? with unregistered descriptor`)

// summary reduces an error to the metric names it calls unregistered.
func summary(err error) string {
	if err == nil {
		return "no error"
	}
	var names []string
	for _, m := range unregistered.FindAllStringSubmatch(err.Error(), -1) {
		names = append(names, m[1])
	}
	if len(names) == 0 {
		return "error: " + err.Error()
	}
	return "error: unregistered descriptor for " + strings.Join(names, ", ")
}

func gather(reg *prometheus.Registry) string {
	reg.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	_, err := reg.Gather()
	return summary(err)
}

func count() (out string) {
	defer func() {
		if p := recover(); p != nil {
			err, _ := p.(error)
			out = "panic: " + summary(err)
		}
	}()
	n := testutil.CollectAndCount(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), "process_max_fds")
	return fmt.Sprintf("%d process_max_fds metric(s)", n)
}

func main() {
	fmt.Println("trigger NewPedanticRegistry + NewProcessCollector, Gather:", gather(prometheus.NewPedanticRegistry()))
	problems, err := testutil.CollectAndLint(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	fmt.Printf("trigger testutil.CollectAndLint(NewProcessCollector(...)): %d problem(s), %s\n", len(problems), summary(err))
	fmt.Println("trigger testutil.CollectAndCount(NewProcessCollector(...), \"process_max_fds\"):", count())
	fmt.Println("fix prometheus.NewRegistry + NewProcessCollector, Gather:", gather(prometheus.NewRegistry()))
}
