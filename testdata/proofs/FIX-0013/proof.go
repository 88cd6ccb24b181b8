// Proof for FIX-0013: internaloption.AuthCreds called with
// option.WithoutAuthentication(), with Application Default Credentials
// pointing at a fake authorized_user file, and at a missing file. Nothing is
// sent over the network: authorized_user credentials fetch no token until used.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cloud.google.com/go/auth"
	"google.golang.org/api/option"
	"google.golang.org/api/option/internaloption"
)

const adc = `{"type": "authorized_user", "client_id": "proof-id", "client_secret": "proof-secret", "refresh_token": "proof-refresh", "quota_project_id": "proof-project"}`

var tmp string

func describe(creds *auth.Credentials, err error) string {
	if err != nil {
		return "error: " + strings.ReplaceAll(err.Error(), tmp, "TMP")
	}
	if creds == nil {
		return "nil credentials, nil error"
	}
	qp, _ := creds.QuotaProjectID(context.Background())
	return fmt.Sprintf("credentials returned (quota project %q)", qp)
}

func main() {
	dir, err := os.MkdirTemp("", "fix0013")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	tmp = dir
	file := filepath.Join(dir, "adc.json")
	if err := os.WriteFile(file, []byte(adc), 0o600); err != nil {
		panic(err)
	}
	os.Setenv("HOME", dir)
	os.Setenv("GCE_METADATA_HOST", "127.0.0.1:1")
	ctx := context.Background()
	anon := []option.ClientOption{option.WithoutAuthentication()}

	// The trigger: AuthCreds with WithoutAuthentication, ADC present.
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	fmt.Println("trigger AuthCreds(WithoutAuthentication), ADC file present:", describe(internaloption.AuthCreds(ctx, anon)))
	// The same with the ADC file missing.
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(dir, "missing.json"))
	fmt.Println("trigger AuthCreds(WithoutAuthentication), ADC file missing:", describe(internaloption.AuthCreds(ctx, anon)))

	// Fix option: skip the call when no authentication is wanted; only the
	// authenticated branch calls AuthCreds (which then finds ADC, as documented).
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	creds := func(anonymous bool) (*auth.Credentials, error) {
		if anonymous {
			return nil, nil
		}
		return internaloption.AuthCreds(ctx, nil)
	}
	fmt.Println("fix skip AuthCreds when anonymous:", describe(creds(true)))
	fmt.Println("fix authenticated branch:", describe(creds(false)))
}
