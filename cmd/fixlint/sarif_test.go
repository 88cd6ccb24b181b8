package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestDemoSARIF checks the SARIF output against a golden file and, where
// the SARIF 2.1.0 schema is at hand (FIXLINT_SARIF_SCHEMA; .ci/run fetches
// it from the npm registry), against the schema.
func TestDemoSARIF(t *testing.T) {
	r := runIn(t, ".", hermetic(), fixlintBin, "-C", "../../testdata/demo", "-format", "sarif", "./...")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "demo.sarif.golden", r.stdout)

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %d (%s)", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
	}
	if len(run.Results) == 0 || run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "go.mod" {
		t.Errorf("want the go.mod findings first, with relative URIs")
	}

	schemaFile := os.Getenv("FIXLINT_SARIF_SCHEMA")
	if schemaFile == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FIXLINT_SARIF_SCHEMA is not set: .ci/run must fetch the SARIF 2.1.0 schema")
		}
		t.Skip("FIXLINT_SARIF_SCHEMA not set: schema validation skipped (.ci/run sets it)")
	}
	c := jsonschema.NewCompiler()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("the SARIF output does not validate against %s:\n%v", schemaFile, err)
	}
	// The validator must be able to fail: a result without a message is invalid.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"A"}]}]}`))
	if schema.Validate(bad) == nil {
		t.Error("the schema accepted a result without a message: the validation is not working")
	}
}
