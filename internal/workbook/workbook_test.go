package workbook_test

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func readAll(t *testing.T, path string) (workbook.Header, []workbook.Row) {
	t.Helper()
	h, rows, err := workbook.ReadAll(path)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return h, rows
}

func wantFileError(t *testing.T, path, code, contains string) {
	t.Helper()
	_, _, err := workbook.ReadAll(path)
	var fe *workbook.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("%s: want a FileError, got %v", filepath.Base(path), err)
	}
	if fe.Code != code || !strings.Contains(fe.Message, contains) || fe.File != filepath.Base(path) {
		t.Fatalf("%s: got %s %q, want %s containing %q", filepath.Base(path), fe.Code, fe.Message, code, contains)
	}
}

func sampleRows() []fixtures.Row {
	return []fixtures.Row{
		{"Ada", "Lovelace", "ada@example.com", nil, 1001, 2001, "en", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "R-1"},
		{"  Zoë ", "Brontë", " zoe@example.com", "zoe_b", "1002", nil, "Spanish", "2026-12-24", 42},
		{nil, nil, nil, nil, nil, nil, nil, nil, nil},
		{" ", "\t", "", "", "", "", "", "", ""},
		{"李", "小龙", "li@example.cn", nil, nil, 2002.0, nil, nil, nil},
	}
}

func TestReadsXLSXBothWays(t *testing.T) {
	for _, stream := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "clients.xlsx")
		err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: sampleRows()},
			fixtures.Options{Version: template.Version, Stream: stream})
		if err != nil {
			t.Fatal(err)
		}
		h, rows := readAll(t, path)
		if h.Legacy || h.Version != template.Version || h.Sheet != "Clients" || len(h.Unknown) != 0 || len(h.Missing) != 0 {
			t.Fatalf("stream=%v header %+v", stream, h)
		}
		if len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 3 || rows[2].Line != 6 {
			t.Fatalf("stream=%v: %d rows %+v", stream, len(rows), rows)
		}
		c := rows[0].Cells
		if c[template.CommunicationReport].Value != "1001" || c[template.InviteOn].Value != "46357" || c[template.Email].Col != "C" {
			t.Fatalf("stream=%v: numbers and dates %+v", stream, c)
		}
		c = rows[1].Cells
		if c[template.FirstName].Value != "Zoë" || c[template.Email].Value != "zoe@example.com" || c[template.Reference].Value != "42" {
			t.Fatalf("stream=%v: trimming %+v", stream, c)
		}
		if rows[2].Cells[template.NaturalBehaviorReport].Value != "2002" {
			t.Fatalf("stream=%v: 2002.0 read as %q", stream, rows[2].Cells[template.NaturalBehaviorReport].Value)
		}
	}
}

func TestHeadersTolerateCaseSpacesOrderAndExtras(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd.xlsx")
	headers := []string{" email ", "FIRST  NAME", "Notes", "last name", "Natural Behavior Report ID", "Email"}
	rows := []fixtures.Row{{"a@example.com", "Ada", "hi", "L", 2001, "dup@example.com"}}
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: headers, Rows: rows}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	h, got := readAll(t, path)
	if h.Cols[template.Email] != "A" || h.Cols[template.FirstName] != "B" || h.Cols[template.NaturalBehaviorReport] != "E" ||
		h.Cols[template.CommunicationReport] != "" || len(h.Missing) != 0 {
		t.Fatalf("header %+v", h)
	}
	if len(h.Unknown) != 2 || h.Unknown[0] != (workbook.Column{Letter: "C", Header: "Notes"}) || h.Unknown[1].Letter != "F" {
		t.Fatalf("unknown %+v", h.Unknown)
	}
	if got[0].Cells[template.Email].Value != "a@example.com" || got[0].Cells[template.Email].Col != "A" {
		t.Fatalf("row %+v", got[0])
	}
}

func TestMissingHeaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: []string{"First Name", "Username"}}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	h, rows := readAll(t, path)
	want := []template.Field{template.LastName, template.Email, template.CommunicationReport, template.NaturalBehaviorReport}
	if len(rows) != 0 || len(h.Missing) != len(want) {
		t.Fatalf("missing %v", h.Missing)
	}
}

func TestLegacyTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "legacy.xlsx")
	rows := []fixtures.Row{{"Ada", "L", "ada@example.com", "", 2001, 1001, "English"}}
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Name: "Sheet1", Headers: template.LegacyHeaders, Rows: rows}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	h, got := readAll(t, path)
	if !h.Legacy || h.Version != template.LegacyVersion || h.LegacyCols != [2]string{"E", "F"} || h.Cols[template.Email] != "C" {
		t.Fatalf("header %+v", h)
	}
	if got[0].LegacyReports[0].Value != "2001" || got[0].LegacyReports[1].Col != "F" {
		t.Fatalf("row %+v", got[0])
	}
}

func TestMissingSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nosheet.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Name: "People", Headers: []string{"Name"}}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	wantFileError(t, path, workbook.CodeMissingSheet, "People")
}

func TestCSV(t *testing.T) {
	dir := t.TempDir()
	rows := sampleRows()
	for _, tc := range []struct {
		name, sep string
		bom       bool
	}{{"comma.csv", ",", false}, {"bom-semicolon.csv", ";", true}, {"tab.txt", "\t", true}} {
		path := filepath.Join(dir, tc.name)
		if err := fixtures.WriteCSV(path, fixtures.CurrentHeaders(), rows, tc.sep, tc.bom); err != nil {
			t.Fatal(err)
		}
		h, got := readAll(t, path)
		if h.Kind != "csv" || h.Cols[template.FirstName] != "A" || len(h.Unknown) != 0 {
			t.Fatalf("%s: header %+v", tc.name, h)
		}
		if len(got) != 3 || got[0].Cells[template.InviteOn].Value != "2026-12-01" || got[1].Cells[template.FirstName].Value != "Zoë" || got[2].Line != 6 {
			t.Fatalf("%s: rows %+v", tc.name, got)
		}
	}
	// Excel's plain "CSV" on Windows is Windows-1252.
	path := filepath.Join(dir, "ansi.csv")
	data := "First Name;Last Name;Email;Communication DNA Report ID\r\nZo\xeb;Bront\xeb;zoe@example.com;1001\r\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, got := readAll(t, path)
	if got[0].Cells[template.FirstName].Value != "Zoë" {
		t.Fatalf("cp1252: %q", got[0].Cells[template.FirstName].Value)
	}
}

func TestUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	if err := fixtures.WriteXLSX(good, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(50)}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(good)

	truncated := filepath.Join(dir, "truncated.xlsx")
	os.WriteFile(truncated, data[:len(data)/2], 0o644)
	wantFileError(t, truncated, workbook.CodeUnreadable, "damaged or incomplete")

	empty := filepath.Join(dir, "empty.xlsx")
	os.WriteFile(empty, nil, 0o644)
	wantFileError(t, empty, workbook.CodeUnreadable, "empty (0 bytes)")

	wantFileError(t, filepath.Join(dir, "nope.xlsx"), workbook.CodeUnreadable, "does not exist")

	renamed := filepath.Join(dir, "renamed.xlsx")
	os.WriteFile(renamed, []byte("Name,Email\nAda,ada@example.com\n"), 0o644)
	wantFileError(t, renamed, workbook.CodeUnreadable, "not a valid .xlsx")

	pdf := filepath.Join(dir, "doc.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4"), 0o644)
	wantFileError(t, pdf, workbook.CodeUnreadable, "not spreadsheets")

	huge := filepath.Join(dir, "huge.xlsx")
	f, _ := os.Create(huge)
	f.Write([]byte("PK\x03\x04"))
	f.Truncate(workbook.MaxFileSize + 1)
	f.Close()
	wantFileError(t, huge, workbook.CodeUnreadable, "over 20 MB are refused")

	// Excel's password protection wraps the package in an encrypted OLE file.
	locked := filepath.Join(dir, "locked.xlsx")
	book, err := excelize.OpenFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := book.SaveAs(locked, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	book.Close()
	wantFileError(t, locked, workbook.CodeUnreadable, "password-protected")

	// A bomb: a tiny package that inflates past the limit.
	bomb := filepath.Join(dir, "bomb.xlsx")
	writeBomb(t, bomb)
	wantFileError(t, bomb, workbook.CodeUnreadable, "unpacks to more than")
}

// TestLibreOfficeFiles reads files saved by LibreOffice: an .xlsx with date and
// number cells, an old .xls, and an .ods.
func TestLibreOfficeFiles(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install libreoffice-calc-nogui")
		}
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	rows := []fixtures.Row{
		{"Ada", "Lovelace", "ada@example.com", nil, 1001, 2001, "en", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "R-1"},
		{"Seán", "Ó Briain", "sean@example.ie", "sean.ob", 1002, nil, "English", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), 7},
	}
	if err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows}, fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	for _, format := range []string{"xlsx", "xls", "ods"} {
		cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", format, "--outdir", out, src)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %s: %v\n%s", format, err, b)
		}
	}
	h, got := readAll(t, filepath.Join(out, "src.xlsx"))
	if h.Cols[template.Reference] != "I" || len(got) != 2 {
		t.Fatalf("LibreOffice xlsx: %+v %d rows", h, len(got))
	}
	c := got[0].Cells
	if c[template.CommunicationReport].Value != "1001" || c[template.InviteOn].Value != "46357" {
		t.Fatalf("LibreOffice numbers/dates: %q %q", c[template.CommunicationReport].Value, c[template.InviteOn].Value)
	}
	if got[1].Cells[template.LastName].Value != "Ó Briain" || got[1].Cells[template.Reference].Value != "7" {
		t.Fatalf("LibreOffice row 3: %+v", got[1].Cells)
	}
	wantFileError(t, filepath.Join(out, "src.xls"), workbook.CodeUnreadable, "Excel 97–2003")
	wantFileError(t, filepath.Join(out, "src.ods"), workbook.CodeUnreadable, "OpenDocument")
}

func TestReaderStopsAtEOF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(3)}, fixtures.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := workbook.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for range 3 {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := r.Next(); !errors.Is(err, io.EOF) {
			t.Fatalf("want EOF, got %v", err)
		}
	}
}
