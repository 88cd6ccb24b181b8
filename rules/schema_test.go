package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// TestSchemaAcceptsEveryCard keeps card.schema.json, which editors use, in
// step with the decoder: every card of the catalog validates, and a card
// with a misspelt field does not.
func TestSchemaAcceptsEveryCard(t *testing.T) {
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("card.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("cards/*.yaml")
	files = append(files, "../testdata/seeds/SEED-0000.yaml", "../testdata/seeds/SEED-0004.yaml")
	for _, f := range files {
		if err := schema.Validate(yamlDoc(t, f)); err != nil {
			t.Errorf("%s does not validate against card.schema.json: %v", f, err)
		}
	}
	if schema.Validate(yamlDoc(t, "testdata/bad/unknown-field.yaml")) == nil {
		t.Error("the schema accepts a card with a misspelt field")
	}
}

func yamlDoc(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	// Through JSON, so that the validator sees JSON types; YAML reads an
	// unquoted date as a timestamp, the decoder as the string it is.
	js, err := json.Marshal(datesAsStrings(v))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func datesAsStrings(v any) any {
	switch v := v.(type) {
	case time.Time:
		return v.Format("2006-01-02")
	case map[string]any:
		for k, x := range v {
			v[k] = datesAsStrings(x)
		}
	case []any:
		for i, x := range v {
			v[i] = datesAsStrings(x)
		}
	}
	return v
}
