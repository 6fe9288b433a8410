package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/cellguard"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func TestQuoteReadsBack(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", "Ada": "Ada", "": ""} {
		if got := cellguard.Quote(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
		if workbook.Unquote(cellguard.Quote(in)) != in {
			t.Errorf("%q does not read back", in)
		}
	}
}

func sample() (outbox.Submission, []outbox.RowResult) {
	sub := outbox.Submission{ID: 1, GroupID: 101, GroupName: "Acme Leadership Cohort", FileName: "c.xlsx", CreatedAt: time.Now(),
		Chunks: []outbox.Chunk{{Seq: 0, State: outbox.ChunkFinished, ImportID: "imp_1", Created: 1, Failed: 2}}}
	rows := []outbox.RowResult{
		{Row: 2, Status: outbox.RowCreated, ClientID: "c-1", Original: []string{"Ada", "Lovelace", "ada@example.com", "", "1001", "", "", "", ""}},
		{Row: 3, Status: outbox.RowFailed, ErrorCode: "user_exists", ErrorMessage: "User or Username already exists.",
			Original: []string{"=HYPERLINK(\"http://x\")", "Smith", "bob@example.com", "", "1001", "", "", "", "@ref"}},
		{Row: 5, Status: outbox.RowNotSent, ErrorCode: "completion_alerts_missing", ErrorMessage: "Completion Alerts are not set for the group you have selected.",
			Original: []string{"Cy", "Young", "cy@example.com", "", "", "2001", "es", "", ""}},
	}
	return sub, rows
}

func TestResultsAndRetryOpenInLibreOffice(t *testing.T) {
	dir := t.TempDir()
	sub, rows := sample()
	results := ResultsPath(filepath.Join(dir, "c.xlsx"))
	if err := WriteResults(results, sub, rows); err != nil {
		t.Fatal(err)
	}
	tpl, err := template.Generic()
	if err != nil {
		t.Fatal(err)
	}
	retry := RetryPath(filepath.Join(dir, "c.xlsx"))
	n, err := WriteRetry(retry, tpl, rows)
	if err != nil || n != 2 {
		t.Fatal(n, err)
	}
	// The retry file reads back as the template, with the two rows, unquoted.
	h, got, err := workbook.ReadAll(retry)
	if err != nil || h.Version != template.Version || len(got) != 2 || got[0].Cells[0].Value != "=HYPERLINK(\"http://x\")" ||
		got[0].Cells[template.Reference].Value != "@ref" || got[1].Cells[template.Language].Value != "es" {
		t.Fatalf("%v %+v", err, got)
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	for _, f := range []string{results, retry} {
		cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", "csv", "--outdir", filepath.Join(dir, "csv"), f)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "csv", "c - results.csv"))
	text := string(csv)
	if !strings.Contains(text, "Created,c-1") || !strings.Contains(text, "'=HYPERLINK") || !strings.Contains(text, "Not sent") ||
		!strings.Contains(text, "add a completion alert") && !strings.Contains(text, "Add a completion alert") {
		t.Fatalf("LibreOffice read:\n%s", text)
	}
}

// Issue 12 item 10: every text the results hold is guarded, the platform's
// client ID too, and none is a formula.
func TestResultsGuardEveryText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.xlsx")
	sub, rows := sample()
	rows[0].ClientID = "=cmd|' /C calc'!A0"
	rows[1].ErrorCode, rows[1].ErrorMessage = "", "-oops"
	if err := WriteResults(path, sub, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows("Results")
	for r, row := range got {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula("Results", cell); formula != "" {
				t.Errorf("%s is a formula: %s", cell, formula)
			}
			if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				t.Errorf("%s = %q is not guarded", cell, v)
			}
		}
	}
	if got[1][len(template.Columns)+2] != "'=cmd|' /C calc'!A0" {
		t.Errorf("client ID written as %q", got[1][len(template.Columns)+2])
	}
}
