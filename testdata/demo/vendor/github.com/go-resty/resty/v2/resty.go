// Package resty is a test stub with the signatures of resty v2.16.
package resty

type Client struct{ Token, AuthScheme string }

type Request struct{ Token, AuthScheme string }

type Response struct{}

type RequestMiddleware func(*Client, *Request) error

func New() *Client { return &Client{} }

func (c *Client) R() *Request                                 { return &Request{} }
func (c *Client) SetAuthToken(token string) *Client           { return c }
func (c *Client) SetAuthScheme(scheme string) *Client         { return c }
func (c *Client) SetHeader(header, value string) *Client      { return c }
func (c *Client) OnBeforeRequest(m RequestMiddleware) *Client { return c }
func (r *Request) SetAuthToken(token string) *Request         { return r }
func (r *Request) SetAuthScheme(scheme string) *Request       { return r }
func (r *Request) Get(url string) (*Response, error)          { return nil, nil }
