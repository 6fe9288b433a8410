package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/validate"
)

func TestValidateJSONStreamsWhatTheEncoderWrote(t *testing.T) {
	issues := []validate.Issue{{Severity: "error", Code: "required", Row: 2, Column: "A", Field: "first_name", Message: "x <y> & \"z\""}, {Severity: "warning", Code: "too_few_rows"}}
	for _, r := range []validateJSON{
		{File: "a.xlsx", Issues: []validate.Issue{}},
		{File: "a.xlsx", TemplateVersion: "2026.11", Group: groupJSON{101, "Acme"}, Rows: 3, Errors: 1, Warnings: 1, Issues: issues},
		{File: "a.xlsx", Issues: issues, Omitted: map[string]int{"required": 5}},
	} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.Encode(r)
		if err := writeValidateJSON(&got, r); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("streamed:\n%s\nencoder:\n%s", got.String(), want.String())
		}
	}
	var out strings.Builder
	printIssues(&out, validateJSON{File: "a.xlsx", Rows: 3000, Errors: 1500, Issues: issues[:1], Omitted: map[string]int{"required": 1499}})
	if !strings.Contains(out.String(), "1500 errors") || !strings.Contains(out.String(), "1499 more required issues") {
		t.Fatalf("human output:\n%s", out.String())
	}
}
