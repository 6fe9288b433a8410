package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
)

// fastSend keeps the sender's waits short in tests.
var fastSend = outbox.Options{PollFloor: 5 * time.Millisecond, OfflineWait: 20 * time.Millisecond, OfflineCap: 100 * time.Millisecond}

// demo is an app on a fresh demo platform, closed when the test ends.
func demo(t *testing.T) *App {
	t.Helper()
	a, err := OpenDemo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a.SenderOptions = fastSend
	t.Cleanup(a.Close)
	return a
}

// user is an app on its own database in dir, signed in to a sandbox (the
// keyring is the mock one).
func user(t *testing.T, dir, url string) *App {
	t.Helper()
	keyring.MockInit()
	a, err := Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	a.SenderOptions = fastSend
	if err := a.SignIn(context.Background(), url, sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatal(err)
	}
	return a
}

// sandboxURL starts a sandbox without faults for the test.
func sandboxURL(t *testing.T) string {
	t.Helper()
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	return run.URL
}

// fixture copies a testdata file into a temporary folder.
func fixture(t *testing.T, name string) string {
	t.Helper()
	from, err := os.Open(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	path := filepath.Join(t.TempDir(), name)
	to, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(to, from); err != nil {
		t.Fatal(err)
	}
	if err := to.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func group(t *testing.T, a *App, id int64) Group {
	t.Helper()
	g, _, err := a.Group(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestCheckCountsEveryFixture(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	tests := []struct {
		name           string
		file           string
		group          int64
		rows, errors   int
		readable       bool
		wantCode       string
		wantFileIssues bool
	}{
		{name: "clean file", file: "clean-12.xlsx", group: 101, rows: 12, readable: true},
		{name: "a code on every row", file: "every-row-code.xlsx", group: 101, rows: 17, errors: 16, readable: true, wantCode: "user_exists"},
		{name: "header only", file: "header-only.xlsx", group: 101, errors: 1, readable: true, wantCode: "empty_file", wantFileIssues: true},
		{name: "no clients sheet", file: "no-clients-sheet.xlsx", group: 101, errors: 1, wantCode: "missing_sheet", wantFileIssues: true},
		{name: "truncated", file: "truncated.xlsx", group: 101, errors: 1, wantCode: "unreadable_file", wantFileIssues: true},
		{name: "csv", file: "three-rows.csv", group: 101, rows: 3, readable: true, wantCode: "too_few_rows", wantFileIssues: true},
		{name: "sixty rows split", file: "sixty-rows-group-104.xlsx", group: 104, rows: 60, readable: true, wantCode: "split_import", wantFileIssues: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := a.Check(ctx, fixture(t, tt.file), group(t, a, tt.group))
			if err != nil {
				t.Fatal(err)
			}
			if c.Rows() != tt.rows || c.Counts.Errors != tt.errors || (c.Engine != nil) != tt.readable {
				t.Fatalf("rows %d, errors %d, readable %v; want %d, %d, %v", c.Rows(), c.Counts.Errors, c.Engine != nil, tt.rows, tt.errors, tt.readable)
			}
			if tt.readable && c.Version() == "" {
				t.Error("no template version for a readable file")
			}
			fileIssues := false
			for _, is := range c.Issues {
				at := c.Locate(is)
				fileIssues = fileIssues || at.File
				if !at.File && c.Engine != nil && at.Index < 0 && is.Row > 1 {
					t.Errorf("issue %+v of a row has no row", is)
				}
			}
			if fileIssues != tt.wantFileIssues {
				t.Errorf("file issues %v, want %v", fileIssues, tt.wantFileIssues)
			}
			if tt.wantCode != "" && !strings.Contains(c.Summary()+codes(c), tt.wantCode) {
				t.Errorf("no %s in %v", tt.wantCode, codes(c))
			}
		})
	}
}

func codes(c *Checked) string {
	var s []string
	for _, is := range c.Issues {
		s = append(s, is.Code)
	}
	return strings.Join(s, " ")
}

func TestLocate(t *testing.T) {
	a := demo(t)
	c, err := a.Check(context.Background(), fixture(t, "every-row-code.xlsx"), group(t, a, 101))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		issue Issue
		want  Place
	}{
		{name: "a cell", issue: Issue{Row: 3, Column: "C"}, want: Place{Index: 1, Field: template.Email, HasField: true}},
		{name: "the file", issue: Issue{Row: 0}, want: Place{File: true, Index: -1}},
		{name: "the header row", issue: Issue{Row: 1}, want: Place{File: true, Index: -1}},
		{name: "a header cell", issue: Issue{Row: 1, Column: "Z"}, want: Place{Index: -1}},
		{name: "a row without a column", issue: Issue{Row: 4}, want: Place{Index: 2}},
		{name: "a row not in the file", issue: Issue{Row: 400, Column: "A"}, want: Place{Index: -1, Field: template.FirstName, HasField: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Locate(tt.issue); got != tt.want {
				t.Fatalf("Locate(%+v) = %+v, want %+v", tt.issue, got, tt.want)
			}
		})
	}
	unread := &Checked{}
	if got := unread.Locate(Issue{Row: 3, Column: "C"}); got.Index != -1 || got.HasField {
		t.Errorf("an unreadable file located a cell: %+v", got)
	}
}
