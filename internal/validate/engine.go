package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Existing is what the platform said about the file's e-mails and usernames
// (lower case).
type Existing struct {
	Emails, Usernames map[string]bool
}

// NewExisting builds an Existing from a lookup answer.
func NewExisting(r platform.LookupResult) *Existing {
	e := &Existing{Emails: map[string]bool{}, Usernames: map[string]bool{}}
	for _, s := range r.ExistingEmails {
		e.Emails[strings.ToLower(s)] = true
	}
	for _, s := range r.ExistingUsernames {
		e.Usernames[strings.ToLower(s)] = true
	}
	return e
}

// identity is an e-mail or username a row claims; both share one namespace on
// the platform ("User or Username already exists").
type identity struct {
	key   string // lower case
	field template.Field
	cell  workbook.Cell
}

// Engine holds a file's rows and their issues. Add rows as they stream; then
// Finish. Afterwards SetCell re-checks only what a change can affect.
type Engine struct {
	chk    *Checker
	ctx    Context
	header workbook.Header

	rows     chunked[rowState]
	claims   map[string][]int // identity → indexes of the rows claiming it, ascending
	existing *Existing        // nil: not checked against the platform
}

// rowState is a row and what is known about it.
type rowState struct {
	row      workbook.Row
	resolved Resolved
	own      []Issue    // the row's issues on its own
	dup      []Issue    // its duplicate_in_file issues
	exists   []Issue    // its user_exists issues
	ids      []identity // what it claims
}

// chunked is an append-only list in fixed blocks: appending never copies what
// is already there, which matters at 100 000 rows.
type chunked[T any] struct {
	blocks [][]T
	n      int
}

const blockSize = 4096

func (c *chunked[T]) add(v T) {
	if c.n%blockSize == 0 {
		c.blocks = append(c.blocks, make([]T, 0, blockSize))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

func (c *chunked[T]) at(i int) *T { return &c.blocks[i/blockSize][i%blockSize] }

func (c *chunked[T]) len() int { return c.n }

// NewEngine starts checking a file with the given header.
func NewEngine(ctx Context, header workbook.Header) *Engine {
	return &Engine{
		chk: NewChecker(ctx, header), ctx: ctx, header: header,
		claims: map[string][]int{},
	}
}

// Header is the file's header.
func (e *Engine) Header() workbook.Header { return e.header }

// Context is what the file is checked against.
func (e *Engine) Context() Context { return e.ctx }

// Add checks one row as it is read.
func (e *Engine) Add(row workbook.Row) {
	i := e.rows.len()
	res, own := e.chk.Row(row)
	e.rows.add(rowState{row: row, resolved: res, own: own, ids: identities(row)})
	st := e.rows.at(i)
	for _, id := range st.ids {
		e.claims[id.key] = append(e.claims[id.key], i) // i is the largest index so far
	}
	st.dup = e.dupIssues(i)
	st.exists = e.existsIssues(i)
}

// identities are the e-mail and, when typed, the username; a username left
// empty is the e-mail, so it is claimed (and reported) once, on column C.
func identities(row workbook.Row) []identity {
	email := row.Cells[template.Email]
	user := row.Cells[template.Username]
	var out []identity
	if email.Value != "" {
		out = append(out, identity{strings.ToLower(email.Value), template.Email, email})
	}
	if user.Value != "" && !strings.EqualFold(user.Value, email.Value) {
		out = append(out, identity{strings.ToLower(user.Value), template.Username, user})
	}
	return out
}

func (e *Engine) dupIssues(i int) []Issue {
	var out []Issue
	st := e.rows.at(i)
	for _, id := range st.ids {
		first := e.claims[id.key][0]
		if first == i {
			continue
		}
		firstRow := e.rows.at(first).row.Line
		what := "e-mail address"
		if id.field == template.Username {
			what = "username"
		}
		out = append(out, Issue{
			Severity: Error, Code: CodeDuplicateInFile, Row: st.row.Line, Column: id.cell.Col,
			Field: id.field.String(), Value: id.cell.Value,
			Message: fmt.Sprintf("The %s %s is already used in row %d. Each client needs their own: correct one of the two rows, or delete this one if it is the same person.",
				what, id.cell.Value, firstRow),
		})
	}
	return out
}

func (e *Engine) existsIssues(i int) []Issue {
	if e.existing == nil {
		return nil
	}
	var out []Issue
	st := e.rows.at(i)
	for _, id := range st.ids {
		if !e.existing.Emails[id.key] && !e.existing.Usernames[id.key] {
			continue
		}
		what := "e-mail address"
		if id.field == template.Username {
			what = "username"
		}
		out = append(out, Issue{
			Severity: Error, Code: CodeUserExists, Row: st.row.Line, Column: id.cell.Col,
			Field: id.field.String(), Value: id.cell.Value,
			Message: fmt.Sprintf("%s The %s %s belongs to a client who is already on the platform. Imports create new clients only: remove the row, or schedule the existing client on the platform.",
				platform.MsgUserExists, what, id.cell.Value),
		})
	}
	return out
}

// LookupRequest lists the e-mails and usernames to ask the platform about.
func (e *Engine) LookupRequest() platform.LookupRequest {
	q := platform.LookupRequest{Emails: []string{}, Usernames: []string{}}
	for key, rows := range e.claims {
		id := e.identityOf(rows[0], key)
		if id.field == template.Username {
			q.Usernames = append(q.Usernames, key)
		} else {
			q.Emails = append(q.Emails, key)
		}
	}
	slices.Sort(q.Emails)
	slices.Sort(q.Usernames)
	return q
}

func (e *Engine) identityOf(i int, key string) identity {
	for _, id := range e.rows.at(i).ids {
		if id.key == key {
			return id
		}
	}
	return identity{}
}

// SetExisting records the platform's answer about existing clients; nil means
// the check could not be made (offline).
func (e *Engine) SetExisting(x *Existing) {
	e.existing = x
	for i := range e.rows.len() {
		e.rows.at(i).exists = e.existsIssues(i)
	}
}

// Checked tells whether existing clients were checked.
func (e *Engine) Checked() bool { return e.existing != nil }

// Len is the number of data rows.
func (e *Engine) Len() int { return e.rows.len() }

// Row returns the i-th data row as read (or as edited).
func (e *Engine) Row(i int) workbook.Row { return e.rows.at(i).row }

// Resolved returns the i-th row's normalised values.
func (e *Engine) Resolved(i int) Resolved { return e.rows.at(i).resolved }

// IndexOf returns the index of the row with a spreadsheet row number; rows are
// kept in the order of the file, so their numbers ascend.
func (e *Engine) IndexOf(line int) (int, bool) {
	lo, hi := 0, e.rows.len()
	for lo < hi {
		mid := (lo + hi) / 2
		if e.rows.at(mid).row.Line < line {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < e.rows.len() && e.rows.at(lo).row.Line == line
}

// RowIssues returns the issues of the i-th row, ordered by column and code.
func (e *Engine) RowIssues(i int) []Issue {
	st := e.rows.at(i)
	if len(st.own)+len(st.dup)+len(st.exists) == 0 {
		return nil
	}
	out := make([]Issue, 0, len(st.own)+len(st.dup)+len(st.exists))
	out = append(append(append(out, st.own...), st.dup...), st.exists...)
	Sort(out)
	return out
}

// SetCell changes one cell of the i-th row and re-checks that row and the rows
// whose duplicates it can change. It returns the indexes of the rows re-checked.
func (e *Engine) SetCell(i int, f template.Field, value string) []int {
	st := e.rows.at(i)
	cell := st.row.Cells[f]
	if cell.Col == "" {
		cell.Col = e.header.Cols[f]
	}
	cell.Value = workbook.Trim(value)
	st.row.Cells[f] = cell

	st.resolved, st.own = e.chk.Row(st.row)
	affected := []int{i}
	old := st.ids
	st.ids = identities(st.row)
	for _, id := range old {
		affected = append(affected, e.claims[id.key]...)
		e.claims[id.key] = slices.DeleteFunc(e.claims[id.key], func(j int) bool { return j == i })
		if len(e.claims[id.key]) == 0 {
			delete(e.claims, id.key)
		}
	}
	for _, id := range st.ids {
		list := e.claims[id.key]
		at, _ := slices.BinarySearch(list, i)
		e.claims[id.key] = slices.Insert(list, at, i)
		affected = append(affected, e.claims[id.key]...)
	}
	slices.Sort(affected)
	affected = slices.Compact(affected)
	for _, j := range affected {
		e.rows.at(j).dup = e.dupIssues(j)
	}
	st.exists = e.existsIssues(i)
	return affected
}

// FileIssues are the issues of the file and the group (rows 0 and 1).
func (e *Engine) FileIssues() []Issue {
	var out []Issue
	h := e.header
	g := e.ctx.Group
	for _, u := range h.Unknown {
		out = append(out, Issue{Severity: Warning, Code: CodeUnknownColumn, Row: 1, Column: u.Letter, Value: u.Header,
			Message: fmt.Sprintf("The column \"%s\" is not part of the template; it is ignored. Rename it to a template header if it holds client data.", u.Header)})
	}
	for _, f := range h.Missing {
		name := f.Header()
		if h.Legacy && f == template.CommunicationReport {
			name = "Report ID 1"
		}
		out = append(out, Issue{Severity: Error, Code: CodeMissingColumn, Row: 1, Field: f.String(), Value: name,
			Message: fmt.Sprintf("The header \"%s\" is missing from row 1 of the Clients sheet. Get the latest template and copy the clients into it, or restore the header.", name)})
	}
	if h.Legacy {
		out = append(out, Issue{Severity: Warning, Code: CodeTemplateOutdated, Value: template.LegacyVersion,
			Message: fmt.Sprintf("This file uses the old %s template. Its rows were moved to the %s layout (each report ID to the column of its process); nothing needs doing now, but use the latest template next time.", template.LegacyVersion, template.Version)})
	}
	n := e.rows.len()
	switch {
	case n == 0:
		out = append(out, Issue{Severity: Error, Code: CodeEmptyFile,
			Message: "The Clients sheet has no clients: fill one row per client, from row 2 down."})
	case n < 5:
		out = append(out, Issue{Severity: Warning, Code: CodeTooFewRows, Value: fmt.Sprint(n),
			Message: fmt.Sprintf("Only %d client(s). That is fine, but for fewer than 5 clients scheduling them one by one on the platform may be quicker.", n)})
	}
	if g.MaxClientsPerImport > 0 && n > g.MaxClientsPerImport {
		parts := (n + g.MaxClientsPerImport - 1) / g.MaxClientsPerImport
		out = append(out, Issue{Severity: Warning, Code: CodeSplitImport, Value: fmt.Sprint(n),
			Message: fmt.Sprintf("%d clients is more than %s takes in one import (%d); they will be sent as %d imports, one after the other.", n, g.Name, g.MaxClientsPerImport, parts)})
	}
	if len(g.CompletionAlertEmails) == 0 {
		out = append(out, Issue{Severity: Error, Code: CodeCompletionAlertsMissing, Value: g.Name,
			Message: platform.MsgCompletionAlertsMissing + " Add a completion alert e-mail to " + g.Name + " on the platform (group settings › Completion Alerts), then refresh."})
	}
	if e.existing == nil && n > 0 {
		out = append(out, Issue{Severity: Warning, Code: CodeExistingNotChecked,
			Message: "The platform could not be reached, so rows were not checked against existing clients. They will be when it is reachable again; a row whose client exists would fail then."})
	}
	Sort(out)
	return out
}

// Issues returns every issue, ordered by row, column, code.
func (e *Engine) Issues() []Issue {
	out := e.FileIssues()
	for i := range e.rows.len() {
		out = append(out, e.RowIssues(i)...)
	}
	// Rows arrive in order, so only file issues and rows need merging.
	Sort(out)
	return out
}

// ImportClients returns the rows as the platform receives them.
func (e *Engine) ImportClients() []platform.ImportClient {
	out := make([]platform.ImportClient, 0, e.rows.len())
	for i := range e.rows.len() {
		out = append(out, e.ImportClient(i))
	}
	return out
}

// ImportClient returns the i-th row as the platform receives it.
func (e *Engine) ImportClient(i int) platform.ImportClient {
	st := e.rows.at(i)
	r, c := st.resolved, st.row.Cells
	return platform.ImportClient{
		Row: st.row.Line, FirstName: c[template.FirstName].Value, LastName: c[template.LastName].Value,
		Email: c[template.Email].Value, Username: c[template.Username].Value,
		CommunicationReportID: optionalID(r.CDNA), NaturalBehaviorReportID: optionalID(r.NB),
		Language: r.Language, InviteOn: r.InviteOn, Reference: c[template.Reference].Value,
	}
}

func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
