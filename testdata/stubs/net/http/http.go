// Package http is a stand-in for net/http in card fixtures: the names the
// fixtures and their dependency stubs use, with no behaviour. A fixture
// that imports the real net/http type-checks it and its ~150 dependencies
// from source (analysistest loads every dependency's syntax), seconds per
// version tried; no card's trigger names a net/http symbol, so nothing a
// fixture proves depends on the real package. A fixture asks for it with
// the header "stub: net/http" and imports "fixlint.test/std/net/http".
package http

const (
	StatusOK                  = 200
	StatusUnauthorized        = 401
	StatusInternalServerError = 500
)

type Header map[string][]string

func (h Header) Get(key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (h Header) Set(key, value string) { h[key] = []string{value} }

func (h Header) Add(key, value string) { h[key] = append(h[key], value) }

func (h Header) Del(key string) { delete(h, key) }

type Request struct {
	Method string
	Host   string
	Header Header
}

func (r *Request) BasicAuth() (username, password string, ok bool) { return "", "", false }

func (r *Request) SetBasicAuth(username, password string) {}

type Response struct {
	StatusCode int
	Header     Header
}

type ResponseWriter interface {
	Header() Header
	Write([]byte) (int, error)
	WriteHeader(statusCode int)
}

type Handler interface {
	ServeHTTP(ResponseWriter, *Request)
}

type HandlerFunc func(ResponseWriter, *Request)

func (f HandlerFunc) ServeHTTP(w ResponseWriter, r *Request) { f(w, r) }

type RoundTripper interface {
	RoundTrip(*Request) (*Response, error)
}

type Transport struct{}

func (t *Transport) RoundTrip(*Request) (*Response, error) { return nil, nil }

var DefaultTransport RoundTripper = &Transport{}

type Client struct {
	Transport RoundTripper
}

func (c *Client) Do(req *Request) (*Response, error) { return nil, nil }
