package validate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/rules"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Context is what a file is checked against.
type Context struct {
	Group   platform.Group
	Reports []platform.Report
	// Now fixes "today" for the invitation date; zero means time.Now().
	Now time.Time
}

// Checker checks single rows; it is immutable once made, and safe to share.
type Checker struct {
	ctx     Context
	reports map[int64]platform.Report
	today   time.Time
	header  workbook.Header
	allowed string // "1001 Communication DNA Discovery, …" for messages
}

// NewChecker prepares the row checks for a file with the given header.
func NewChecker(ctx Context, header workbook.Header) *Checker {
	if ctx.Now.IsZero() {
		ctx.Now = time.Now()
	}
	c := &Checker{ctx: ctx, reports: map[int64]platform.Report{}, today: ctx.Now, header: header}
	for _, r := range ctx.Reports {
		c.reports[r.ID] = r
	}
	var allowed []string
	for _, id := range ctx.Group.ReportIDs {
		name := "(not in the catalog)"
		if r, ok := c.reports[id]; ok {
			name = r.Name
			if !r.Available {
				name += " (not available)"
			}
		}
		allowed = append(allowed, fmt.Sprintf("%d %s", id, name))
	}
	c.allowed = strings.Join(allowed, "; ")
	return c
}

// Resolved is a row after checking: the values to send, normalised.
type Resolved struct {
	// Reports are the cells of E and F after legacy report IDs moved to the
	// column of their process (each keeps its letter in the user's file).
	Reports  [2]workbook.Cell
	CDNA, NB int64  // the valid report IDs, 0 for none
	Language string // code
	InviteOn string // YYYY-MM-DD, "" for now
}

type rowCheck struct {
	c      *Checker
	line   int
	issues []Issue
}

func (rc *rowCheck) add(sev, code string, f template.Field, cell workbook.Cell, msg string) {
	rc.issues = append(rc.issues, Issue{
		Severity: sev, Code: code, Row: rc.line, Column: cell.Col, Field: f.String(), Value: cell.Value, Message: msg,
	})
}

// Row checks one row on its own (duplicates and existing clients are the
// Engine's, since they need other rows or the platform).
func (c *Checker) Row(row workbook.Row) (Resolved, []Issue) {
	rc := rowCheck{c: c, line: row.Line}
	res := Resolved{}
	rc.formulas(row)
	cells := &row.Cells
	if c.header.Legacy {
		rc.migrate(cells, row.LegacyReports)
	}

	rc.name(template.FirstName, cells[template.FirstName])
	rc.name(template.LastName, cells[template.LastName])
	rc.email(cells[template.Email])
	rc.username(cells[template.Username])
	res.CDNA = rc.report(template.CommunicationReport, cells[template.CommunicationReport], platform.ProcessCommunicationDNA)
	res.NB = rc.report(template.NaturalBehaviorReport, cells[template.NaturalBehaviorReport], platform.ProcessNaturalBehavior)
	hasReports := cells[template.CommunicationReport].Value != "" || cells[template.NaturalBehaviorReport].Value != ""
	legacyHadReport := row.LegacyReports[0].Value != "" || row.LegacyReports[1].Value != ""
	if !hasReports && !legacyHadReport && (c.header.Cols[template.CommunicationReport] != "" ||
		c.header.Cols[template.NaturalBehaviorReport] != "" || c.header.Legacy) {
		col := c.header.Cols[template.CommunicationReport]
		if c.header.Legacy {
			col = c.header.LegacyCols[0]
		}
		if col == "" {
			col = c.header.Cols[template.NaturalBehaviorReport]
		}
		rc.add(Error, CodeNoReport, template.CommunicationReport, workbook.Cell{Col: col},
			"No report is chosen. Fill column E (a Communication DNA report ID), column F (a Natural Behavior report ID), or both. This group allows: "+c.allowed+".")
	}
	res.Language = rc.language(cells[template.Language], res.CDNA, res.NB)
	res.InviteOn = rc.date(cells[template.InviteOn])
	rc.reference(cells[template.Reference])
	res.Reports = [2]workbook.Cell{cells[template.CommunicationReport], cells[template.NaturalBehaviorReport]}
	return res, rc.issues
}

// migrate moves each legacy report ID to the column of its process.
func (rc *rowCheck) migrate(cells *[template.NumFields]workbook.Cell, legacy [2]workbook.Cell) {
	for _, cell := range legacy {
		if cell.Value == "" {
			continue
		}
		id, ok := parseID(cell.Value)
		rep, known := rc.c.reports[id]
		if !ok || !known {
			rc.add(Error, CodeReportUnknown, template.CommunicationReport, cell, rc.c.unknownReport(cell.Value, ok))
			continue
		}
		f := template.CommunicationReport
		if rep.Process == platform.ProcessNaturalBehavior {
			f = template.NaturalBehaviorReport
		}
		if cells[f].Value != "" {
			first := cells[f]
			rc.add(Error, CodeReportWrongColumn, f, cell, fmt.Sprintf(
				"Two %s reports are chosen (%s in column %s and %s here); a client takes one report of each process. Keep one of them.",
				ProcessName(rep.Process), first.Value, first.Col, cell.Value))
			continue
		}
		cells[f] = cell
	}
}

// ProcessName names a report process for people.
func ProcessName(p string) string {
	if p == platform.ProcessNaturalBehavior {
		return "Natural Behavior"
	}
	return "Communication DNA"
}

// hidden reports an invisible character in any cell; it returns true when it did.
func (rc *rowCheck) hidden(f template.Field, cell workbook.Cell) bool {
	if r, pos, ok := rules.FirstHidden(cell.Value); ok {
		rc.add(Error, CodeInvalidCharacters, f, cell, fmt.Sprintf(
			"%s (%s), character %d, is invisible and not allowed: Invalid characters found. Retype the cell, or use the fix that removes it.",
			rules.RuneName(r), strconv.QuoteRune(r), pos+1))
		return true
	}
	return false
}

func (rc *rowCheck) required(f template.Field, cell workbook.Cell) bool {
	if cell.Value != "" {
		return true
	}
	if cell.Formula == workbook.Uncalculated { // said once, by formulas
		return false
	}
	if rc.c.header.Cols[f] != "" { // a missing column is reported once, at the header
		rc.add(Error, CodeRequired, f, workbook.Cell{Col: rc.c.header.Cols[f]}, f.Header()+" is required. Fill it in, or delete the row if it is not a client.")
	}
	return false
}

func (rc *rowCheck) name(f template.Field, cell workbook.Cell) {
	if !rc.required(f, cell) || rc.hidden(f, cell) {
		return
	}
	if n := rules.Len(cell.Value); n > rules.MaxNameLen {
		rc.add(Error, CodeTooLong, f, cell, fmt.Sprintf("%s is %d characters long; at most %d fit. Shorten it.", f.Header(), n, rules.MaxNameLen))
	}
	if r, pos, bad := rules.FirstInvalidNameRune(cell.Value); bad {
		rc.add(Error, CodeInvalidCharacters, f, cell, fmt.Sprintf(
			"%s (%s), character %d, cannot be in a name: Invalid characters found. Names may hold letters of any alphabet, spaces, apostrophes (' ’), hyphens and periods.",
			rules.RuneName(r), strconv.QuoteRune(r), pos+1))
	}
}

func (rc *rowCheck) email(cell workbook.Cell) {
	f := template.Email
	if !rc.required(f, cell) || rc.hidden(f, cell) {
		return
	}
	if n := rules.Len(cell.Value); n > rules.MaxEmailLen {
		rc.add(Error, CodeTooLong, f, cell, fmt.Sprintf("The e-mail address is %d characters long; at most %d fit.", n, rules.MaxEmailLen))
		return
	}
	if !rules.ValidEmail(cell.Value) {
		rc.add(Error, CodeInvalidEmail, f, cell, "\""+cell.Value+"\" is not a valid e-mail address: "+emailHint(cell.Value)+".")
	}
}

// emailHint says what is most likely wrong with an address.
func emailHint(s string) string {
	at := strings.Count(s, "@")
	switch {
	case at == 0:
		return "it has no @. Write it like name@example.com"
	case at > 1:
		return "it has more than one @. Put one address per row"
	case strings.ContainsAny(s, " ,;"):
		return "it holds a space, comma or semicolon. Put one address per row, with no spaces"
	}
	for _, r := range s {
		if r > 127 {
			return fmt.Sprintf("it holds %q, which is not allowed in an address; use plain letters (a–z), digits and . _ - +", r)
		}
	}
	local, domain, _ := strings.Cut(s, "@")
	switch {
	case local == "":
		return "nothing stands before the @"
	case !strings.Contains(domain, "."):
		return "the part after the @ needs a dot, like example.com"
	case strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, ".."):
		return "the part after the @ has a misplaced dot"
	}
	return "check it for typing mistakes; write it like name@example.com"
}

func (rc *rowCheck) username(cell workbook.Cell) {
	if cell.Value == "" {
		return // the e-mail address is the username
	}
	f := template.Username
	if rc.hidden(f, cell) {
		return
	}
	if p := rules.UsernameProblem(cell.Value); p != "" {
		rc.add(Error, CodeInvalidUsername, f, cell, "The username "+p+". Or leave it empty to use the e-mail address.")
	}
}

// parseID reads a report ID: a number (1001, or 1001.0 from some tools), or a
// dropdown entry "1001 — Communication DNA Discovery".
func parseID(s string) (int64, bool) {
	s = template.ParseChoice(s)
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		return id, id > 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v != math.Trunc(v) || v > 1<<53 {
		return 0, false
	}
	return int64(v), true
}

func (c *Checker) unknownReport(value string, isNumber bool) string {
	if !isNumber {
		return "\"" + value + "\" is not a report ID (a whole number). This group allows: " + c.allowed + "."
	}
	return "There is no report " + value + ". This group allows: " + c.allowed + "."
}

func (rc *rowCheck) report(f template.Field, cell workbook.Cell, process string) int64 {
	if cell.Value == "" || rc.hidden(f, cell) {
		return 0
	}
	id, ok := parseID(cell.Value)
	rep, known := rc.c.reports[id]
	if !ok || !known {
		rc.add(Error, CodeReportUnknown, f, cell, rc.c.unknownReport(cell.Value, ok))
		return 0
	}
	if rep.Process != process {
		other := "F (Natural Behavior Report ID)"
		if rep.Process == platform.ProcessCommunicationDNA {
			other = "E (Communication DNA Report ID)"
		}
		rc.add(Error, CodeReportWrongColumn, f, cell, fmt.Sprintf(
			"Report %d (%s) is a %s report: move it to column %s.", id, rep.Name, ProcessName(rep.Process), other))
		return 0
	}
	g := rc.c.ctx.Group
	if !g.AllowsReport(id) {
		rc.add(Error, CodeReportNotAllowed, f, cell, fmt.Sprintf(
			"%s%s. Report %d (%s) is not in this group's report access settings; it allows: %s. Review columns E and F.",
			platform.MsgReportNotAllowedPrefix, g.Name, id, rep.Name, rc.c.allowed))
		return 0
	}
	if !rep.Available {
		rc.add(Error, CodeReportUnavailable, f, cell, fmt.Sprintf(
			"Report %d (%s) is not available at the moment; the platform would answer \"%s\". Choose another report this group allows: %s.",
			id, rep.Name, platform.MsgInternalError, rc.c.allowed))
		return 0
	}
	return id
}

func (rc *rowCheck) language(cell workbook.Cell, reports ...int64) string {
	f := template.Language
	code := rules.DefaultLanguage
	if cell.Value != "" {
		if rc.hidden(f, cell) {
			return ""
		}
		var ok bool
		if code, ok = rules.LanguageCode(cell.Value); !ok {
			var names []string
			for _, l := range rules.Languages {
				names = append(names, l.Code+" "+l.Name)
			}
			rc.add(Error, CodeInvalidLanguage, f, cell, "\""+cell.Value+"\" is not a language the platform knows. Use a code or a name: "+strings.Join(names, ", ")+"; or leave it empty for English.")
			return ""
		}
	}
	for _, id := range reports {
		if id == 0 {
			continue
		}
		rep := rc.c.reports[id]
		if !rep.SupportsLanguage(code) {
			var names []string
			for _, l := range rep.Languages {
				names = append(names, rules.LanguageName(l))
			}
			at := cell
			if at.Col == "" {
				at.Col = rc.c.header.Cols[f]
			}
			rc.add(Error, CodeLanguageNotSupported, f, at, fmt.Sprintf(
				"Report %d (%s) cannot be taken in %s; it is offered in %s. Choose one of those languages, or another report.",
				rep.ID, rep.Name, rules.LanguageName(code), strings.Join(names, ", ")))
		}
	}
	return code
}

func (rc *rowCheck) date(cell workbook.Cell) string {
	if cell.Value == "" {
		return ""
	}
	f := template.InviteOn
	if rc.hidden(f, cell) {
		return ""
	}
	day, ok := rules.ParseDate(cell.Value)
	if !ok {
		if serial, err := strconv.ParseFloat(cell.Value, 64); err == nil && serial > 0 && serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				day, ok = t, true
			}
		}
	}
	if !ok {
		rc.add(Error, CodeInvalidDate, f, cell, "\""+cell.Value+"\" is not a date. Enter a date cell, or text written as YYYY-MM-DD (for example "+rc.c.today.AddDate(0, 0, 7).Format(rules.DateLayout)+"); or leave it empty to send the invitation now.")
		return ""
	}
	iso := day.Format(rules.DateLayout)
	if !rules.DateInRange(day, rc.c.today) {
		first := rc.c.today.Format(rules.DateLayout)
		last := rc.c.today.AddDate(0, 0, rules.MaxInviteDays).Format(rules.DateLayout)
		when := "is in the past"
		if day.After(rc.c.today) {
			when = "is more than a year ahead"
		}
		rc.add(Error, CodeDateOutOfRange, f, cell, fmt.Sprintf(
			"The invitation date %s %s. Choose a date from %s to %s, or leave it empty to send the invitation now.", iso, when, first, last))
		return ""
	}
	return iso
}

func (rc *rowCheck) reference(cell workbook.Cell) {
	if cell.Value == "" {
		return
	}
	f := template.Reference
	if rc.hidden(f, cell) {
		return
	}
	if n := rules.Len(cell.Value); n > rules.MaxReferenceLen {
		rc.add(Error, CodeTooLong, f, cell, fmt.Sprintf("The reference is %d characters long; at most %d fit. Shorten it.", n, rules.MaxReferenceLen))
	}
}

// AllowedReports lists the group's reports for messages: "1001 Communication DNA Discovery; …".
func (c *Checker) AllowedReports() string { return c.allowed }
