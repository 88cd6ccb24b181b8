// Proof for FIX-0027: gin handlers that negotiate the response format get a
// request whose Accept type extends an offered one ("application/jsonx"
// against "application/json"), in process through httptest. Without
// gin.Recovery the panic reaches the caller; with it the client gets a
// status. The fix option checks the Accept header against an allow-list
// before negotiating.
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gin-gonic/gin"
)

type item struct{ Name string }

// allowed is the fix option's allow-list: the offered types and wildcards.
var allowed = map[string]bool{gin.MIMEJSON: true, gin.MIMEXML: true, "*/*": true, "application/*": true}

func safeFormat(c *gin.Context, offered ...string) string {
	for _, part := range strings.Split(c.GetHeader("Accept"), ",") {
		mt := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if mt != "" && !allowed[mt] {
			return offered[0]
		}
	}
	return c.NegotiateFormat(offered...)
}

func engine(recovery bool) *gin.Engine {
	r := gin.New()
	if recovery {
		r.Use(gin.RecoveryWithWriter(io.Discard))
	}
	r.GET("/format", func(c *gin.Context) {
		c.String(http.StatusOK, "chose %q", c.NegotiateFormat(gin.MIMEJSON, gin.MIMEXML))
	})
	r.GET("/negotiate", func(c *gin.Context) {
		c.Negotiate(http.StatusOK, gin.Negotiate{Offered: []string{gin.MIMEJSON, gin.MIMEXML}, Data: item{"x"}})
	})
	r.GET("/safe", func(c *gin.Context) {
		c.String(http.StatusOK, "chose %q", safeFormat(c, gin.MIMEJSON, gin.MIMEXML))
	})
	return r
}

func get(r *gin.Engine, path, accept string) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("panic: %v", p)
		}
	}()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept", accept)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	return fmt.Sprintf("status %d, Content-Type %q, body %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
}

func main() {
	gin.SetMode(gin.ReleaseMode)
	gin.DefaultWriter, gin.DefaultErrorWriter = io.Discard, io.Discard
	bare, recovered := engine(false), engine(true)

	fmt.Println("trigger NegotiateFormat, Accept application/jsonx:", get(bare, "/format", "application/jsonx"))
	fmt.Println("trigger Negotiate, Accept application/jsonx:", get(bare, "/negotiate", "application/jsonx"))
	fmt.Println("trigger NegotiateFormat with gin.Recovery, Accept application/jsonx:", get(recovered, "/format", "application/jsonx"))
	fmt.Println("fix allow-list before NegotiateFormat, Accept application/jsonx:", get(bare, "/safe", "application/jsonx"))
	fmt.Println("fix allow-list before NegotiateFormat, Accept application/xml:", get(bare, "/safe", "application/xml"))
	fmt.Println("look-alike NegotiateFormat, Accept application/xml:", get(bare, "/format", "application/xml"))
}
