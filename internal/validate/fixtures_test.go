package validate_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// TestFixturesCoverEveryCode validates each committed fixture against the demo
// platform and checks the codes found; together they cover SPEC §3.
func TestFixturesCoverEveryCode(t *testing.T) {
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	c, err := platform.New(run.URL, platform.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatal(err)
	}
	groups, _ := c.Groups(ctx)
	reports, _ := c.Reports(ctx)
	seen := map[string]bool{}
	for _, fx := range fixtures.Set() {
		t.Run(fx.Name, func(t *testing.T) {
			g := groups[slices.IndexFunc(groups, func(g platform.Group) bool { return g.ID == fx.Group })]
			vctx := validate.Context{Group: g, Reports: reports}
			var issues []validate.Issue
			e, err := validate.ReadFile(filepath.Join("..", "..", "testdata", fx.Name), vctx)
			if err != nil {
				issues = []validate.Issue{validate.FileErrorIssue(err)}
			} else {
				found, err := c.Lookup(ctx, e.LookupRequest())
				if err != nil {
					t.Fatal(err)
				}
				e.SetExisting(validate.NewExisting(found))
				issues = e.Issues()
			}
			var got []string
			for _, is := range issues {
				got = append(got, fmt.Sprintf("%s@%d%s", is.Code, is.Row, is.Column))
				seen[is.Code] = true
				if is.Message == "" {
					t.Errorf("no message: %+v", is)
				}
			}
			if strings.Join(got, " ") != strings.Join(fx.Codes, " ") {
				t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), strings.Join(fx.Codes, " "))
			}
			// Offline, the same file warns that existing clients were not checked.
			if e != nil && e.Len() > 0 {
				e.SetExisting(nil)
				if !slices.ContainsFunc(e.Issues(), func(is validate.Issue) bool { return is.Code == validate.CodeExistingNotChecked }) {
					t.Fatal("offline: no existing_not_checked")
				}
				seen[validate.CodeExistingNotChecked] = true
			}
		})
	}
	all := []string{"unreadable_file", "missing_sheet", "missing_column", "unknown_column", "template_outdated",
		"empty_file", "too_few_rows", "split_import", "completion_alerts_missing", "existing_not_checked", "required",
		"no_report", "too_long", "invalid_characters", "invalid_email", "invalid_username", "duplicate_in_file",
		"user_exists", "report_unknown", "report_wrong_column", "report_not_allowed", "report_unavailable",
		"invalid_language", "language_not_supported", "invalid_date", "date_out_of_range"}
	for _, code := range all {
		if !seen[code] {
			t.Errorf("no fixture produces %s", code)
		}
	}
}
