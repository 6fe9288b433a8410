package cli

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
)

// The window keeps unsaved edits as a draft keyed by the file's hash in the
// database the command line shares; validate and submit check the file as
// it is on disk, never the window's edits.
func TestValidateIgnoresTheWindowsDraft(t *testing.T) {
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	login(t, run.URL)
	clean := writeClients(t, fixtures.Clients(6))

	ctx := context.Background()
	window, err := app.Connect(ctx, app.Target{Platform: run.URL})
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := window.Group(ctx, 101)
	if err != nil {
		t.Fatal(err)
	}
	c, err := window.Open(ctx, clean, g)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetCell(2, template.Email, "not-an-email"); err != nil {
		t.Fatal(err)
	}
	if err := window.KeepDraft(ctx, c); err != nil {
		t.Fatal(err)
	}
	window.Close()

	code, out, errs := runCLI(t, nil, "validate", "--platform", run.URL, "--group", "101", "--json", clean)
	var res validateJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("validate: %d %q %s", code, out, errs)
	}
	if code != ExitOK || res.Errors != 0 {
		t.Fatalf("validate picked up the window's draft: exit %d, %d errors %+v", code, res.Errors, res.Issues)
	}
}
