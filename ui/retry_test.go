package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
)

// TestFixAndRetryFailedRows: two rows fail on the platform (a colleague created
// those clients meanwhile); the retry file opens in the editor, the rows are
// fixed there and sent as a new import that the history links to the first.
func TestFixAndRetryFailedRows(t *testing.T) {
	rows := fixtures.Clients(6)
	h, _ := openInPreview(t, rows)
	demo := h.b.Demo()
	colleague, _ := platform.New(demo.URL, platform.Options{})
	if _, err := colleague.Login(context.Background(), sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for {
			for _, r := range demo.Server.Requests() {
				if r.Method == "POST" && strings.HasSuffix(r.Path, "/client-imports") {
					var clients []platform.ImportClient
					for i, row := range rows[4:] {
						id := int64(1001)
						clients = append(clients, platform.ImportClient{Row: i + 2, FirstName: "Col", LastName: "League",
							Email: row[2].(string), CommunicationReportID: &id})
					}
					body, _ := platform.EncodeImport(platform.ImportRequest{TemplateVersion: template.Version, FileName: "x.xlsx", Clients: clients})
					_, err := colleague.SubmitImport(context.Background(), 101, "colleague", body)
					done <- err
					return
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	test.Tap(h.button("Submit"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h.wantText("Done: 4 created, 2 not created")
	h.wantText("User or Username already exists.")

	test.Tap(h.button("Fix and retry failed rows"))
	h.wantText("2 rows · 2 errors in 2 rows")
	h.editCell(2, template.Email, "retry.one@example.com")
	h.editCell(3, template.Email, "retry.two@example.com")
	h.wantText("2 rows · 0 errors")
	test.Tap(h.button("Submit"))
	h.wantText("Done: 2 created, 0 not created")
	test.Tap(h.button("History"))
	h.wantText("retry of #1")
}
