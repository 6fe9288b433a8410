package validate

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

var today = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

func group(id int64) platform.Group {
	for _, g := range sandbox.DemoGroups() {
		if g.ID == id {
			return g
		}
	}
	panic(id)
}

func ctxFor(id int64) Context {
	return Context{Group: group(id), Reports: sandbox.DemoReports(), Now: today}
}

func currentHeader() workbook.Header {
	h := workbook.Header{Kind: "xlsx", Version: template.Version}
	for _, c := range template.Columns {
		h.Cols[c.Field] = c.Letter
	}
	return h
}

// mkRow builds a row from values for A…I; unset cells keep their column letter.
func mkRow(line int, values ...string) workbook.Row {
	r := workbook.Row{Line: line}
	for _, c := range template.Columns {
		r.Cells[c.Field].Col = c.Letter
	}
	for i, v := range values {
		r.Cells[i].Value = v
	}
	return r
}

func good(line int) []string {
	return []string{"Ada", "Lovelace", fmt.Sprintf("ada%d@example.com", line), "", "1001", "2001", "", "", ""}
}

func with(line int, field template.Field, value string) workbook.Row {
	v := good(line)
	v[field] = value
	return mkRow(line, v...)
}

func codesOf(issues []Issue) string {
	var out []string
	for _, is := range issues {
		out = append(out, fmt.Sprintf("%s@%d%s", is.Code, is.Row, is.Column))
	}
	return strings.Join(out, " ")
}

func TestRowCodes(t *testing.T) {
	cases := []struct {
		name  string
		group int64
		row   workbook.Row
		want  string // codes@rowCOLUMN, space-separated; "" for no issue
	}{
		{"valid", 101, mkRow(2, good(2)...), ""},
		{"valid everything", 101, mkRow(2, "Zoë", "O’Brien-Smith", "zoe+tag@sub.example.co.uk", "zoe_o.b", "1002", "2002", "English", "2026-12-01", "HR-7"), ""},
		{"first name required", 101, with(2, template.FirstName, ""), "required@2A"},
		{"last name required", 101, with(2, template.LastName, ""), "required@2B"},
		{"email required", 101, with(2, template.Email, ""), "required@2C"},
		{"no report", 101, mkRow(2, "Ada", "L", "a@example.com", "", "", "", "", "", ""), "no_report@2E"},
		{"name too long", 101, with(2, template.FirstName, strings.Repeat("a", 51)), "too_long@2A"},
		{"name 50 fits", 101, with(2, template.FirstName, strings.Repeat("é", 50)), ""},
		{"email too long", 101, with(2, template.Email, strings.Repeat("a", 64)+"@"+strings.Repeat("b", 63)+"."+strings.Repeat("c", 63)+"."+strings.Repeat("d", 63)+".com"), "too_long@2C"},
		{"reference too long", 101, with(2, template.Reference, strings.Repeat("x", 65)), "too_long@2I"},
		{"digit in name", 101, with(2, template.FirstName, "Ada2"), "invalid_characters@2A"},
		{"emoji in name", 101, with(2, template.LastName, "Love😀"), "invalid_characters@2B"},
		{"zero width in name", 101, with(2, template.FirstName, "Ad\u200ba"), "invalid_characters@2A"},
		{"zero width in email", 101, with(2, template.Email, "ada\u200b@example.com"), "invalid_characters@2C"},
		{"tab in reference", 101, with(2, template.Reference, "a\tb"), "invalid_characters@2I"},
		{"bom in report", 101, with(2, template.CommunicationReport, "\ufeff1001"), "invalid_characters@2E"},
		{"invalid email", 101, with(2, template.Email, "ada@example"), "invalid_email@2C"},
		{"non-ascii email", 101, with(2, template.Email, "zoë@example.com"), "invalid_email@2C"},
		{"invalid username", 101, with(2, template.Username, "a b"), "invalid_username@2D"},
		{"short username", 101, with(2, template.Username, "ab"), "invalid_username@2D"},
		{"report not a number", 101, with(2, template.CommunicationReport, "abc"), "report_unknown@2E"},
		{"report no such", 101, with(2, template.CommunicationReport, "1009"), "report_unknown@2E"},
		{"report as float", 101, with(2, template.CommunicationReport, "1001.0"), ""},
		{"report from dropdown", 101, with(2, template.CommunicationReport, "1002 — Communication DNA Discovery – Leadership"), ""},
		{"report wrong column", 101, with(2, template.CommunicationReport, "2001"), "report_wrong_column@2E"},
		{"report wrong column F", 101, with(2, template.NaturalBehaviorReport, "1001"), "report_wrong_column@2F"},
		{"report not allowed", 102, with(2, template.CommunicationReport, "1002"), "report_not_allowed@2E"},
		{"report unavailable", 101, with(2, template.NaturalBehaviorReport, "2003"), "report_unavailable@2F"},
		{"invalid language", 101, with(2, template.Language, "Klingon"), "invalid_language@2G"},
		{"language by name", 101, with(2, template.Language, "spanish"), ""},
		{"language not supported", 101, mkRow(2, "A", "B", "ab@example.com", "", "1002", "", "es", "", ""), "language_not_supported@2G"},
		{"invalid date", 101, with(2, template.InviteOn, "12/01/2026"), "invalid_date@2H"},
		{"date past", 101, with(2, template.InviteOn, "2026-11-23"), "date_out_of_range@2H"},
		{"date today", 101, with(2, template.InviteOn, "2026-11-24"), ""},
		{"date year ahead", 101, with(2, template.InviteOn, "2027-11-24"), ""},
		{"date too far", 101, with(2, template.InviteOn, "2027-11-25"), "date_out_of_range@2H"},
		{"date serial", 101, with(2, template.InviteOn, "46357"), ""}, // 2026-12-01
		{"date serial past", 101, with(2, template.InviteOn, "45000"), "date_out_of_range@2H"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			chk := NewChecker(ctxFor(tc.group), currentHeader())
			_, issues := chk.Row(tc.row)
			if got := codesOf(issues); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for _, is := range issues {
				if is.Message == "" || is.Severity != Error || is.Field == "" {
					t.Errorf("incomplete issue %+v", is)
				}
			}
		})
	}
}

func TestUnicodeNamesAreValid(t *testing.T) {
	names := [][2]string{
		{"José", "Núñez"}, {"Nguyễn", "Thị Minh Khai"}, {"李", "小龙"}, {"Алексей", "Иванов"},
		{"Seán", "Ó Briain"}, {"Siobhán", "Mac Giolla Phádraig"}, {"O'Neill", "D’Arcy"}, {"Anne-Marie", "St. John"},
		{"Søren", "Kierkegaard"}, {"Zoë", "Brontë"}, {"محمد", "الحسيني"}, {"דוד", "כהן"}, {"さくら", "山田"},
		{"Ελένη", "Παπαδοπούλου"}, {"Đặng", "Văn Lâm"}, {"Nå\u0301", "Combining"}, {"Łukasz", "Wiśniewski"},
	}
	chk := NewChecker(ctxFor(101), currentHeader())
	for _, n := range names {
		_, issues := chk.Row(mkRow(2, n[0], n[1], "x@example.com", "", "1001", "", "", "", ""))
		if len(issues) != 0 {
			t.Errorf("%s %s: %s", n[0], n[1], codesOf(issues))
		}
	}
}

func TestInvalidCharacterMessageNamesTheCharacter(t *testing.T) {
	chk := NewChecker(ctxFor(101), currentHeader())
	_, issues := chk.Row(with(7, template.FirstName, "Ad\u200ba"))
	if len(issues) != 1 || !strings.Contains(issues[0].Message, "U+200B ZERO WIDTH SPACE") ||
		!strings.Contains(issues[0].Message, "character 3") || !strings.Contains(issues[0].Message, "Invalid characters found") {
		t.Fatalf("%+v", issues)
	}
	_, issues = chk.Row(with(7, template.LastName, "Smith#"))
	if !strings.Contains(issues[0].Message, "U+0023 NUMBER SIGN") {
		t.Fatalf("%+v", issues)
	}
}

func TestPlatformWordsAreKept(t *testing.T) {
	chk := NewChecker(ctxFor(102), currentHeader())
	_, issues := chk.Row(with(3, template.CommunicationReport, "1002"))
	m := issues[0].Message
	if !strings.HasPrefix(m, "Please provide proper report Ids as per group access setting of Group: Northwind Sales Team") ||
		!strings.Contains(m, "1001 Communication DNA Discovery; 2001 Natural Behavior Discovery") || !strings.Contains(m, "columns E and F") {
		t.Fatalf("%s", m)
	}
	chk = NewChecker(ctxFor(101), currentHeader())
	_, issues = chk.Row(with(3, template.NaturalBehaviorReport, "2003"))
	if !strings.Contains(issues[0].Message, platform.MsgInternalError) {
		t.Fatalf("%s", issues[0].Message)
	}
}

func engineWith(t *testing.T, ctx Context, h workbook.Header, rows ...workbook.Row) *Engine {
	t.Helper()
	e := NewEngine(ctx, h)
	for _, r := range rows {
		e.Add(r)
	}
	return e
}

func TestDuplicatesAndExisting(t *testing.T) {
	rows := []workbook.Row{
		mkRow(2, "Ada", "L", "ada@example.com", "", "1001", "", "", "", ""),
		mkRow(3, "Bob", "M", "bob@example.com", "ada@example.com", "1001", "", "", "", ""), // username = row 2's email
		mkRow(4, "Cy", "N", "ADA@example.com", "", "1001", "", "", "", ""),                 // email again, other case
		mkRow(5, "Di", "O", "di@example.com", "mgarcia", "1001", "", "", "", ""),           // existing username
		mkRow(6, "Ex", "P", "existing.client@example.com", "", "1001", "", "", "", ""),     // existing email (defaulted username: reported once)
		mkRow(8, "Fi", "Q", "fi@example.com", "fi@example.com", "1001", "", "", "", ""),    // username = own email: fine
	}
	e := engineWith(t, ctxFor(101), currentHeader(), rows...)
	q := e.LookupRequest()
	if strings.Join(q.Emails, ",") != "ada@example.com,bob@example.com,di@example.com,existing.client@example.com,fi@example.com" ||
		strings.Join(q.Usernames, ",") != "mgarcia" {
		t.Fatalf("lookup %+v", q)
	}
	if got := codesOf(e.FileIssues()); got != "existing_not_checked@0" {
		t.Fatalf("file issues %s", got)
	}
	e.SetExisting(NewExisting(platform.LookupResult{ExistingEmails: []string{"existing.client@example.com"}, ExistingUsernames: []string{"mgarcia"}}))
	got := codesOf(e.Issues())
	want := "duplicate_in_file@3D duplicate_in_file@4C user_exists@5D user_exists@6C"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for _, is := range e.Issues() {
		if is.Code == CodeDuplicateInFile && !strings.Contains(is.Message, "row 2") {
			t.Errorf("duplicate does not name the first row: %s", is.Message)
		}
		if is.Code == CodeUserExists && !strings.HasPrefix(is.Message, platform.MsgUserExists) {
			t.Errorf("user_exists lost the platform's words: %s", is.Message)
		}
	}
}

func TestSetCellUpdatesDuplicatesBothWays(t *testing.T) {
	e := engineWith(t, ctxFor(101), currentHeader(),
		mkRow(2, "Ada", "L", "same@example.com", "", "1001", "", "", "", ""),
		mkRow(3, "Bob", "M", "same@example.com", "", "1001", "", "", "", ""),
		mkRow(4, "Cy", "N", "cy@example", "", "1001", "", "", "", ""),
	)
	e.SetExisting(NewExisting(platform.LookupResult{}))
	if got := codesOf(e.Issues()); got != "too_few_rows@0 duplicate_in_file@3C invalid_email@4C" {
		t.Fatalf("before: %s", got)
	}
	// Fixing the first row clears the second row's duplicate.
	affected := e.SetCell(0, template.Email, "ada@example.com")
	if fmt.Sprint(affected) != "[0 1]" {
		t.Fatalf("affected %v", affected)
	}
	if got := codesOf(e.Issues()); got != "too_few_rows@0 invalid_email@4C" {
		t.Fatalf("after fix: %s", got)
	}
	// Making row 4 collide with row 3 blames row 4, naming row 3.
	e.SetCell(2, template.Email, " SAME@example.com ")
	is := e.RowIssues(2)
	if codesOf(is) != "duplicate_in_file@4C" || !strings.Contains(is[0].Message, "row 3") {
		t.Fatalf("after collision: %+v", is)
	}
	// Changing it back to the first row's old value: still one duplicate.
	e.SetCell(0, template.Email, "same@example.com")
	if got := codesOf(e.Issues()); got != "too_few_rows@0 duplicate_in_file@3C duplicate_in_file@4C" {
		t.Fatalf("after revert: %s", got)
	}
}

func TestFileLevelIssues(t *testing.T) {
	h := currentHeader()
	h.Unknown = []workbook.Column{{Letter: "J", Header: "Notes"}}
	h.Cols[template.Email] = ""
	h.Missing = []template.Field{template.Email}
	e := engineWith(t, ctxFor(103), h)
	got := codesOf(e.Issues())
	if got != "completion_alerts_missing@0 empty_file@0 missing_column@1 unknown_column@1J" {
		t.Fatalf("%s", got)
	}
	for _, is := range e.Issues() {
		if is.Code == CodeMissingColumn && (is.Value != "Email" || is.Column != "") {
			t.Fatalf("missing_column %+v", is)
		}
		if is.Code == CodeCompletionAlertsMissing && !strings.HasPrefix(is.Message, platform.MsgCompletionAlertsMissing) {
			t.Fatalf("%s", is.Message)
		}
	}
	// A row lacking the absent column is not blamed for it.
	e = engineWith(t, ctxFor(101), h, mkRow(2, "Ada", "L", "", "", "1001", "", "", "", ""))
	if got := codesOf(e.Issues()); got != "existing_not_checked@0 too_few_rows@0 missing_column@1 unknown_column@1J" {
		t.Fatalf("%s", got)
	}

	var rows []workbook.Row
	for i := range 51 {
		rows = append(rows, mkRow(i+2, "A", "B", fmt.Sprintf("c%d@example.com", i), "", "", "2001", "", "", ""))
	}
	e = engineWith(t, ctxFor(104), currentHeader(), rows...)
	e.SetExisting(NewExisting(platform.LookupResult{}))
	fi := e.FileIssues()
	if codesOf(fi) != "split_import@0" || !strings.Contains(fi[0].Message, "2 imports") {
		t.Fatalf("%+v", fi)
	}
	if c := Count(e.Issues()); c.Errors != 0 || c.Warnings != 1 {
		t.Fatalf("%+v", c)
	}
}

func TestLegacyMigration(t *testing.T) {
	h := workbook.Header{Kind: "xlsx", Version: template.LegacyVersion, Legacy: true}
	h.Cols[template.FirstName], h.Cols[template.LastName], h.Cols[template.Email] = "A", "B", "C"
	h.Cols[template.Username], h.Cols[template.Language] = "D", "G"
	h.LegacyCols = [2]string{"E", "F"}
	row := func(line int, r1, r2 string) workbook.Row {
		r := mkRow(line, "Ada", "L", fmt.Sprintf("a%d@example.com", line), "", "", "", "", "", "")
		r.Cells[template.CommunicationReport], r.Cells[template.NaturalBehaviorReport] = workbook.Cell{}, workbook.Cell{}
		r.Cells[template.InviteOn], r.Cells[template.Reference] = workbook.Cell{}, workbook.Cell{}
		r.LegacyReports = [2]workbook.Cell{{Value: r1, Col: "E"}, {Value: r2, Col: "F"}}
		return r
	}
	e := engineWith(t, ctxFor(101), h,
		row(2, "2001", "1001"), // swapped: migrated
		row(3, "1001", "1002"), // two of one process
		row(4, "", "2002"),
		row(5, "x", ""),
		row(6, "", ""),
	)
	e.SetExisting(NewExisting(platform.LookupResult{}))
	got := codesOf(e.Issues())
	want := "template_outdated@0 report_wrong_column@3F report_unknown@5E no_report@6E"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	c := e.ImportClient(0)
	if c.CommunicationReportID == nil || *c.CommunicationReportID != 1001 || *c.NaturalBehaviorReportID != 2001 {
		t.Fatalf("migration: %+v", c)
	}
	if r := e.Resolved(0).Reports[1]; r.Col != "E" {
		t.Fatalf("migrated cell keeps its letter: %+v", r)
	}
}

func TestImportClientNormalises(t *testing.T) {
	e := engineWith(t, ctxFor(101), currentHeader(),
		mkRow(9, "Ada", "L", "ada@example.com", "", "1001.0", "", "Spanish", "46357", "R1"))
	c := e.ImportClient(0)
	if c.Row != 9 || *c.CommunicationReportID != 1001 || c.NaturalBehaviorReportID != nil || c.Language != "es" || c.InviteOn != "2026-12-01" {
		t.Fatalf("%+v", c)
	}
}

func TestOrdering(t *testing.T) {
	issues := []Issue{
		{Row: 3, Column: "AA", Code: "a"}, {Row: 3, Column: "Z", Code: "b"}, {Row: 0, Code: "z"},
		{Row: 3, Column: "Z", Code: "a"}, {Row: 1, Column: "J", Code: "x"},
	}
	Sort(issues)
	if got := codesOf(issues); got != "z@0 x@1J a@3Z b@3Z a@3AA" {
		t.Fatalf("%s", got)
	}
}
