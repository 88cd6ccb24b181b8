// Proof for FIX-0036: three GET requests to a loopback server through an
// http.Client whose transport is wrapped with
// promhttp.InstrumentRoundTripperCounter, and the value of the counter
// afterwards; the same requests counted by the server-side
// InstrumentHandlerCounter and by the fix option, a RoundTripper of one's
// own that increments once per response.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func counter(name string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: name}, []string{"code", "method"})
}

// ownCounter is the fix option: count in your own RoundTripper.
type ownCounter struct {
	c    *prometheus.CounterVec
	next http.RoundTripper
}

func (o ownCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(r)
	if err == nil {
		o.c.WithLabelValues(fmt.Sprint(resp.StatusCode), r.Method).Inc()
	}
	return resp, err
}

func main() {
	server := counter("server_requests_total")
	srv := httptest.NewServer(promhttp.InstrumentHandlerCounter(server, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	defer srv.Close()

	send := func(rt http.RoundTripper) string {
		c := &http.Client{Transport: rt}
		for i := 0; i < 3; i++ {
			resp, err := c.Get(srv.URL)
			if err != nil {
				return "error: " + err.Error()
			}
			resp.Body.Close()
		}
		return ""
	}

	client := counter("client_requests_total")
	if e := send(promhttp.InstrumentRoundTripperCounter(client, http.DefaultTransport)); e != "" {
		fmt.Println("trigger InstrumentRoundTripperCounter:", e)
	} else {
		fmt.Println("trigger InstrumentRoundTripperCounter, 3 requests: counter =", testutil.ToFloat64(client))
	}

	own := counter("own_requests_total")
	if e := send(ownCounter{own, http.DefaultTransport}); e != "" {
		fmt.Println("fix own RoundTripper:", e)
	} else {
		fmt.Println("fix own RoundTripper, 3 requests: counter =", testutil.ToFloat64(own))
	}

	fmt.Println("server InstrumentHandlerCounter, the 6 requests above: counter =", testutil.ToFloat64(server))
}
