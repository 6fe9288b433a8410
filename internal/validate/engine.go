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
//
// A row is kept compactly (its values and its own issues): what depends on
// other rows or on the platform (duplicates, existing clients) is worked out
// when asked, from the claims index. At 100 000 rows the memory a row costs is
// what bounds reading speed, more than the checks do.
type Engine struct {
	chk    *Checker
	ctx    Context
	header workbook.Header

	rows     chunked[rowState]
	claims   claims
	existing *Existing // nil: not checked against the platform
}

// rowState is a row as kept: its values, and its issues on its own. The values
// share one string (one allocation, one pointer for the garbage collector,
// instead of nine).
type rowState struct {
	line   int
	text   string                     // the values, one after another
	ends   [template.NumFields]uint32 // where each value ends in text
	legacy *[2]workbook.Cell          // the legacy report cells, for a 2025.02 file
	own    []Issue
	// removed: taken out of the import by the user (kept, so it can come back)
	removed bool
}

func (st *rowState) val(f template.Field) string {
	start := uint32(0)
	if f > 0 {
		start = st.ends[f-1]
	}
	return st.text[start:st.ends[f]]
}

func (st *rowState) setVals(vals *[template.NumFields]string) {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for f, v := range vals {
		b.WriteString(v)
		st.ends[f] = uint32(b.Len())
	}
	st.text = b.String()
}

// chunked is an append-only list in fixed blocks: appending never copies what
// is already there.
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
	return &Engine{chk: NewChecker(ctx, header), ctx: ctx, header: header, claims: claims{}}
}

// Header is the file's header.
func (e *Engine) Header() workbook.Header { return e.header }

// Context is what the file is checked against.
func (e *Engine) Context() Context { return e.ctx }

// Add checks one row as it is read.
func (e *Engine) Add(row workbook.Row) {
	i := e.rows.len()
	_, own := e.chk.Row(row)
	st := rowState{line: row.Line, own: own}
	var vals [template.NumFields]string
	for f := range vals {
		vals[f] = row.Cells[f].Value
	}
	st.setVals(&vals)
	if row.LegacyReports[0].Value != "" || row.LegacyReports[1].Value != "" {
		legacy := row.LegacyReports
		st.legacy = &legacy
	}
	e.rows.add(st)
	ids := e.identities(i)
	for _, id := range ids.all() {
		e.claims.add(id.key, int32(i))
	}
}

// identities are the e-mail and, when typed, the username; a username left
// empty is the e-mail, so it is claimed (and reported) once, on column C.
func (e *Engine) identities(i int) identities {
	st := e.rows.at(i)
	email, user := st.val(template.Email), st.val(template.Username)
	var out identities
	if email != "" {
		out.list[out.n] = identity{strings.ToLower(email), template.Email, workbook.Cell{Value: email, Col: e.header.Cols[template.Email]}}
		out.n++
	}
	if user != "" && !strings.EqualFold(user, email) {
		out.list[out.n] = identity{strings.ToLower(user), template.Username, workbook.Cell{Value: user, Col: e.header.Cols[template.Username]}}
		out.n++
	}
	return out
}

// identities holds a row's (at most two) identities without allocating.
type identities struct {
	list [2]identity
	n    int
}

func (ids *identities) all() []identity { return ids.list[:ids.n] }

func (e *Engine) dupIssues(i int, ids identities) []Issue {
	var out []Issue
	for _, id := range ids.all() {
		first := int(e.claims[id.key].first)
		if first == i {
			continue
		}
		what := "e-mail address"
		if id.field == template.Username {
			what = "username"
		}
		out = append(out, Issue{
			Severity: Error, Code: CodeDuplicateInFile, Row: e.rows.at(i).line, Column: id.cell.Col,
			Field: id.field.String(), Value: id.cell.Value,
			Message: fmt.Sprintf("The %s %s is already used in row %d. Each client needs their own: correct one of the two rows, or delete this one if it is the same person.",
				what, id.cell.Value, e.rows.at(first).line),
		})
	}
	return out
}

func (e *Engine) existsIssues(i int, ids identities) []Issue {
	if e.existing == nil {
		return nil
	}
	var out []Issue
	for _, id := range ids.all() {
		if !e.existing.Emails[id.key] && !e.existing.Usernames[id.key] {
			continue
		}
		what := "e-mail address"
		if id.field == template.Username {
			what = "username"
		}
		out = append(out, Issue{
			Severity: Error, Code: CodeUserExists, Row: e.rows.at(i).line, Column: id.cell.Col,
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
	for key, cl := range e.claims {
		ids := e.identities(int(cl.first))
		for _, id := range ids.all() {
			if id.key != key {
				continue
			}
			if id.field == template.Username {
				q.Usernames = append(q.Usernames, key)
			} else {
				q.Emails = append(q.Emails, key)
			}
		}
	}
	slices.Sort(q.Emails)
	slices.Sort(q.Usernames)
	return q
}

// SetExisting records the platform's answer about existing clients; nil means
// the check could not be made (offline).
func (e *Engine) SetExisting(x *Existing) { e.existing = x }

// Checked tells whether existing clients were checked.
func (e *Engine) Checked() bool { return e.existing != nil }

// Len is the number of data rows.
func (e *Engine) Len() int { return e.rows.len() }

// Row returns the i-th data row as read (or as edited).
func (e *Engine) Row(i int) workbook.Row {
	st := e.rows.at(i)
	r := workbook.Row{Line: st.line}
	for f := range template.NumFields {
		r.Cells[f] = workbook.Cell{Value: st.val(f), Col: e.header.Cols[f]}
	}
	if st.legacy != nil {
		r.LegacyReports = *st.legacy
	}
	return r
}

// Resolved returns the i-th row's normalised values.
func (e *Engine) Resolved(i int) Resolved {
	res, _ := e.chk.Row(e.Row(i))
	return res
}

// IndexOf returns the index of the row with a spreadsheet row number; rows are
// kept in the order of the file, so their numbers ascend.
func (e *Engine) IndexOf(line int) (int, bool) {
	lo, hi := 0, e.rows.len()
	for lo < hi {
		mid := (lo + hi) / 2
		if e.rows.at(mid).line < line {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < e.rows.len() && e.rows.at(lo).line == line
}

// Removed tells whether the i-th row was taken out of the import.
func (e *Engine) Removed(i int) bool { return e.rows.at(i).removed }

// Active counts the rows that will be imported.
func (e *Engine) Active() int {
	n := 0
	for i := range e.rows.len() {
		if !e.rows.at(i).removed {
			n++
		}
	}
	return n
}

// SetRemoved takes the i-th row out of the import, or puts it back; its
// e-mail and username stop (or start again) counting as used. It returns the
// rows whose issues may have changed.
func (e *Engine) SetRemoved(i int, removed bool) []int {
	st := e.rows.at(i)
	if st.removed == removed {
		return nil
	}
	affected := []int{i}
	ids := e.identities(i)
	for _, id := range ids.all() {
		if removed {
			for _, j := range e.claims.rows(id.key) {
				affected = append(affected, int(j))
			}
			e.claims.remove(id.key, int32(i))
		} else {
			e.claims.add(id.key, int32(i))
			for _, j := range e.claims.rows(id.key) {
				affected = append(affected, int(j))
			}
		}
	}
	st.removed = removed
	slices.Sort(affected)
	return slices.Compact(affected)
}

// RowIssues returns the issues of the i-th row, ordered by column and code; a
// removed row has none.
func (e *Engine) RowIssues(i int) []Issue {
	if e.rows.at(i).removed {
		return nil
	}
	ids := e.identities(i)
	dup, exists := e.dupIssues(i, ids), e.existsIssues(i, ids)
	own := e.rows.at(i).own
	if len(own)+len(dup)+len(exists) == 0 {
		return nil
	}
	out := make([]Issue, 0, len(own)+len(dup)+len(exists))
	out = append(append(append(out, own...), dup...), exists...)
	Sort(out)
	return out
}

// SetCell changes one cell of the i-th row and re-checks that row. It returns
// the indexes of the rows whose issues may have changed: the row, and the rows
// sharing its old or new e-mail or username.
func (e *Engine) SetCell(i int, f template.Field, value string) []int {
	st := e.rows.at(i)
	if st.removed { // edit a removed row's values without claiming anything
		var vals [template.NumFields]string
		for g := range vals {
			vals[g] = st.val(template.Field(g))
		}
		vals[f] = workbook.Trim(value)
		st.setVals(&vals)
		_, st.own = e.chk.Row(e.Row(i))
		return []int{i}
	}
	var affected []int
	old := e.identities(i)
	for _, id := range old.all() {
		for _, j := range e.claims.rows(id.key) {
			affected = append(affected, int(j))
		}
		e.claims.remove(id.key, int32(i))
	}
	var vals [template.NumFields]string
	for g := range vals {
		vals[g] = st.val(template.Field(g))
	}
	vals[f] = workbook.Trim(value)
	st.setVals(&vals)
	_, st.own = e.chk.Row(e.Row(i))
	now := e.identities(i)
	for _, id := range now.all() {
		e.claims.add(id.key, int32(i))
		for _, j := range e.claims.rows(id.key) {
			affected = append(affected, int(j))
		}
	}
	affected = append(affected, i)
	slices.Sort(affected)
	return slices.Compact(affected)
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
		if !e.rows.at(i).removed {
			out = append(out, e.ImportClient(i))
		}
	}
	return out
}

// ImportClient returns the i-th row as the platform receives it.
func (e *Engine) ImportClient(i int) platform.ImportClient {
	row := e.Row(i)
	r, _ := e.chk.Row(row)
	c := row.Cells
	return platform.ImportClient{
		Row: row.Line, FirstName: c[template.FirstName].Value, LastName: c[template.LastName].Value,
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
