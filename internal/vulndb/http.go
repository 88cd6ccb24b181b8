package vulndb

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/fixlint/fixlint/internal/fileio"
)

// httpSource reads a database served in vuln.go.dev's layout. It asks
// for endpoint + ".json.gz", as govulncheck does, so that any server that
// works with govulncheck works here; a server without the compressed files
// (a 404 for index/db.json.gz) is read as endpoint + ".json", with the
// compression the transport negotiates.
type httpSource struct {
	base   string // no trailing slash
	client *http.Client
	proxy  func(*http.Request) (*url.URL, error)
	stall  time.Duration

	decided  bool
	gz       bool // the server has .json.gz files: decided by the first get
	received atomic.Int64
}

// errStalled cancels a request whose server stopped sending.
var errStalled = errors.New("stalled")

func newHTTPSource(base string, opts *Options) *httpSource {
	proxy := opts.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	tr := &http.Transport{
		Proxy:                 proxy,
		DialContext:           (&net.Dialer{Timeout: opts.stall(), KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   opts.parallel(),
		TLSHandshakeTimeout:   opts.stall(),
		ResponseHeaderTimeout: opts.stall(),
		IdleConnTimeout:       30 * time.Second,
	}
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("more than 10 redirects")
			}
			if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
				return fmt.Errorf("refusing a redirect from https to %s", req.URL.Redacted())
			}
			return nil
		},
	}
	return &httpSource{base: base, client: client, proxy: proxy, stall: opts.stall()}
}

func (s *httpSource) where(endpoint string) string {
	if s.gz {
		return s.base + "/" + endpoint + ".json.gz"
	}
	return s.base + "/" + endpoint + ".json"
}

// get fetches an endpoint. The first call (index/db, before any other)
// decides whether the server has .json.gz files.
func (s *httpSource) get(ctx context.Context, endpoint string, limit int64) ([]byte, error) {
	if !s.decided {
		s.decided = true
		data, err := s.fetch(ctx, s.base+"/"+endpoint+".json.gz", limit, true)
		var se *StatusError
		if !errors.As(err, &se) || se.Code != http.StatusNotFound {
			s.gz = true
			return data, err
		}
	}
	return s.fetch(ctx, s.where(endpoint), limit, s.gz)
}

// StatusError is an HTTP response other than 200 OK.
type StatusError struct {
	URL    string
	Code   int
	Status string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("GET %s: %s", e.URL, e.Status)
	switch {
	case e.Code == http.StatusProxyAuthRequired:
		msg += " (the proxy wants credentials: put them in HTTPS_PROXY, as http://user:password@host:port)"
	case e.Code >= 500:
		msg += " (the server's trouble: try again later)"
	}
	return msg
}

// fetch GETs u and returns at most limit bytes of its body, uncompressed.
// gz says the body is a gzip file (a .json.gz, or a zip when false and the
// caller knows). The server may stall for s.stall at a time: to connect,
// to answer, and between two reads of the body; a slow but steady
// download is not cut.
func (s *httpSource) fetch(ctx context.Context, u string, limit int64, gz bool) ([]byte, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "fixlint-osv-update")
	watchdog := time.AfterFunc(s.stall, func() { cancel(errStalled) })
	defer watchdog.Stop()
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, s.describe(req, err, context.Cause(ctx))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{URL: req.URL.Redacted(), Code: resp.StatusCode, Status: resp.Status}
	}
	if resp.ContentLength > limit && !resp.Uncompressed {
		return nil, fmt.Errorf("GET %s: %s, more than %s, the limit for it", req.URL.Redacted(), fileio.Size(resp.ContentLength), fileio.Size(limit))
	}
	body := &stallReader{r: resp.Body, watchdog: watchdog, stall: s.stall}
	data, err := readLimited(body, limit)
	s.received.Add(body.n)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, fmt.Errorf("GET %s: more than %s, the limit for it", req.URL.Redacted(), fileio.Size(limit))
		}
		return nil, s.describe(req, err, context.Cause(ctx))
	}
	if gz && !resp.Uncompressed {
		// A transport that decompressed the body (a server that marked
		// the .gz file Content-Encoding: gzip) leaves plain JSON.
		data, err = gunzip(data, limit)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %v", req.URL.Redacted(), err)
		}
	}
	return data, nil
}

var errTooLarge = errors.New("too large")

// readLimited reads r to its end, or fails with errTooLarge past limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// gunzip decompresses a .json.gz, to at most limit bytes (a small file
// that inflates to gigabytes is refused, not held).
func gunzip(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not gzip data, as a .json.gz file should be: %v", err)
	}
	out, err := readLimited(zr, limit)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("it decompresses to more than %s, the limit for it", fileio.Size(limit))
	}
	if err != nil {
		return nil, fmt.Errorf("corrupt gzip data: %v", err)
	}
	return out, nil
}

// stallReader restarts the watchdog whenever bytes arrive.
type stallReader struct {
	r        io.Reader
	watchdog *time.Timer
	stall    time.Duration
	n        int64
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.n += int64(n)
		s.watchdog.Reset(s.stall)
	}
	return n, err
}

// describe turns a transport error into a message that says what to do:
// a network error is the only failure of fixlint's one networked command,
// and the user must know whether the network, the proxy or the server is
// at fault.
func (s *httpSource) describe(req *http.Request, err, cause error) error {
	u := req.URL.Redacted()
	var proxy *url.URL
	if s.proxy != nil {
		proxy, _ = s.proxy(req)
	}
	var (
		dns     *net.DNSError
		op      *net.OpError
		unknown x509.UnknownAuthorityError
		invalid x509.CertificateInvalidError
		host    x509.HostnameError
		record  tls.RecordHeaderError
	)
	switch {
	case errors.Is(cause, errStalled):
		return fmt.Errorf("GET %s: the server sent nothing for %v: a server too slow, or a connection that hangs; try again later", u, s.stall)
	case errors.Is(cause, context.Canceled):
		return fmt.Errorf("GET %s: interrupted", u)
	case cause != nil:
		return fmt.Errorf("GET %s: %v", u, cause)
	case isTimeout(err):
		return fmt.Errorf("GET %s: no answer within %v: %v", u, s.stall, unwrapURL(err))
	case proxy != nil:
		return fmt.Errorf("GET %s through the proxy %s (from HTTPS_PROXY or HTTP_PROXY; NO_PROXY lists hosts reached directly): %v", u, proxy.Redacted(), unwrapURL(err))
	case errors.As(err, &dns):
		return fmt.Errorf("GET %s: cannot resolve %s (no network, or no DNS?): %v%s", u, dns.Name, unwrapURL(err), offlineHint)
	case errors.As(err, &op) && op.Op == "dial":
		return fmt.Errorf("GET %s: cannot connect (no network, or the server is down?): %v%s", u, unwrapURL(err), offlineHint)
	case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host):
		return fmt.Errorf("GET %s: the server's TLS certificate is not trusted: %v (a proxy or firewall that intercepts TLS? SSL_CERT_FILE or SSL_CERT_DIR can name its CA certificate)", u, unwrapURL(err))
	case errors.As(err, &record):
		return fmt.Errorf("GET %s: the server does not speak TLS (an http:// URL?): %v", u, unwrapURL(err))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("GET %s: the connection was cut before the end of the file: %v", u, unwrapURL(err))
	}
	return fmt.Errorf("GET %s: %v", u, unwrapURL(err))
}

const offlineHint = "; fixlint osv update is the only fixlint command that needs the network: offline, copy a database made elsewhere and run fixlint osv update file:///path/to/vulndb.zip, or pass -osv DIR"

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURL drops url.Error's "Get URL:" prefix: the message names the
// URL already.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
