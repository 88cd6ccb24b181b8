// Proof for FIX-0015: a HeadBucket through an S3 client made by
// s3.NewFromConfig from an aws.Config whose Credentials is
// aws.AnonymousCredentials wrapped in an *aws.CredentialsCache, as
// config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
// aws.AnonymousCredentials{})) builds it. A loopback server records the
// Authorization header.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("Authorization")
		if seen == "" {
			seen = "(none)"
		} else {
			// The scheme and the access key; the date and signature vary.
			scheme, rest, _ := strings.Cut(seen, " ")
			_, cred, _ := strings.Cut(rest, "Credential=")
			key, _, _ := strings.Cut(cred, "/")
			seen = fmt.Sprintf("%s with access key %q", scheme, key)
		}
	}))
	defer srv.Close()

	head := func(cfg aws.Config, optFns ...func(*s3.Options)) (out string) {
		defer func() {
			if p := recover(); p != nil {
				out = fmt.Sprintf("panic: %v", p)
			}
		}()
		seen = ""
		opts := append([]func(*s3.Options){func(o *s3.Options) {
			o.UsePathStyle = true
			o.EndpointResolver = s3.EndpointResolverFromURL(srv.URL)
		}}, optFns...)
		_, err := s3.NewFromConfig(cfg, opts...).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("public")})
		switch {
		case err != nil && seen == "":
			msg := strings.ReplaceAll(err.Error(), srv.URL, "SERVER")
			return "failed before sending: " + msg
		case err != nil:
			return "sent with Authorization " + seen + ", error: " + err.Error()
		}
		return "sent with Authorization " + seen
	}

	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/aws/aws-sdk-go-v2" {
				fmt.Println("build: root module", m.Path, m.Version)
			}
		}
	}
	cached := aws.Config{Region: "us-east-1", Credentials: aws.NewCredentialsCache(aws.AnonymousCredentials{})}
	fmt.Println("trigger config-level AnonymousCredentials in a CredentialsCache:", head(cached))
	// Fix option: the sentinel on the client, without the cache.
	fmt.Println("fix o.Credentials = aws.AnonymousCredentials{}:", head(cached, func(o *s3.Options) { o.Credentials = aws.AnonymousCredentials{} }))
	fmt.Println("fix o.Credentials = nil:", head(cached, func(o *s3.Options) { o.Credentials = nil }))
}
