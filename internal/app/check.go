package app

import (
	"context"
	"time"

	"github.com/dnaplatform/massuploader/internal/draft"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Issue is one problem found in a file, a row or a cell.
type Issue = validate.Issue

// Severities of an issue.
const (
	Error   = validate.Error
	Warning = validate.Warning
)

// Checked is a file read and validated for a group.
type Checked struct {
	Path    string
	SHA256  string
	Group   Group
	Engine  *validate.Engine // nil when the file could not be read
	Issues  []Issue
	Counts  Counts
	Offline bool // existing clients were not checked
	// RetryOf is the submission whose failed rows this file holds, or 0.
	RetryOf int64
	// Draft holds the edits kept for this file's content, already applied
	// (empty for a plain Check).
	Draft *draft.Draft

	cols map[string]template.Field // the user's column letters
}

// Check reads and validates a file for a group, and asks the platform about
// existing clients when it answers. It uses no kept draft: what it reports is
// the file as it is on disk (the command line's validate and submit).
func (a *App) Check(ctx context.Context, path string, g Group) (*Checked, error) {
	sess, _, err := a.session()
	if err != nil {
		return nil, err
	}
	reports, _, err := sess.Catalog.Reports(ctx)
	if err != nil {
		return nil, err
	}
	c := &Checked{Path: path, Group: g, Draft: &draft.Draft{}}
	c.SHA256, _ = workbook.SHA256(path) // before reading: a later change is then seen as one
	e, err := validate.ReadFile(path, validate.Context{Group: g, Reports: reports})
	if err != nil {
		c.Issues = []Issue{validate.FileErrorIssue(err)}
		c.Counts = validate.Count(c.Issues)
		return c, nil
	}
	c.Engine = e
	c.cols = map[string]template.Field{}
	for f, letter := range e.Header().Cols {
		if letter != "" {
			c.cols[letter] = template.Field(f)
		}
	}
	// Existing clients are never cached: offline, the check is not made and
	// the existing_not_checked warning says so.
	if _, off := sess.Catalog.Offline(); off == nil {
		if found, err := sess.Client.Lookup(ctx, e.LookupRequest()); err == nil {
			e.SetExisting(validate.NewExisting(found))
		}
	}
	c.Offline = !e.Checked()
	c.Refresh()
	return c, nil
}

// Open checks a file for editing in the window: the edits kept for its
// content are applied again, and it joins the recent files.
func (a *App) Open(ctx context.Context, path string, g Group) (*Checked, error) {
	c, err := a.Check(ctx, path, g)
	if err != nil {
		return nil, Explain(err)
	}
	if c.Engine == nil {
		return c, nil
	}
	if c.Draft, err = a.LoadDraft(ctx, c); err != nil {
		c.Draft = &draft.Draft{} // an unreadable draft must not keep the file from opening
	}
	_, st := a.state()
	_ = st.AddRecentFile(ctx, store.RecentFile{Path: path, SHA256: c.SHA256, GroupID: g.ID, OpenedAt: time.Now()})
	return c, nil
}

// Refresh recomputes the issues after edits.
func (c *Checked) Refresh() {
	if c.Engine == nil {
		return
	}
	c.Issues = c.Engine.Issues()
	c.Counts = validate.Count(c.Issues)
}

// Rows is how many rows the file has, removed ones included.
func (c *Checked) Rows() int {
	if c.Engine == nil {
		return 0
	}
	return c.Engine.Len()
}

// Version is the template version the file was made from ("" when unreadable).
func (c *Checked) Version() string {
	if c.Engine == nil {
		return ""
	}
	return c.Engine.Header().Version
}

// Place is where an issue sits among the file's rows and fields.
type Place struct {
	// File is true for issues of the file, the group or the header as a
	// whole: they have no row in the table.
	File bool
	// Index is the engine row of the issue, or -1.
	Index int
	// Field is the cell's field when HasField.
	Field    template.Field
	HasField bool
}

// Locate finds an issue's row and cell: computed here once, for the table,
// the problem list and the fixes alike.
func (c *Checked) Locate(is Issue) Place {
	p := Place{Index: -1, File: is.Row == 0 || is.Row == 1 && is.Column == ""}
	if p.File || c.Engine == nil {
		return p
	}
	if i, ok := c.Engine.IndexOf(is.Row); ok {
		p.Index = i
	}
	p.Field, p.HasField = c.cols[is.Column]
	return p
}

// originals are the cells of the rows still in the file, as read and edited:
// what the outbox keeps and what a new template holds.
func (c *Checked) originals() (lines []int, values [][]string, kept []int) {
	for i := range c.Engine.Len() {
		if c.Engine.Removed(i) {
			continue
		}
		r := c.Engine.Row(i)
		vals := make([]string, template.NumFields)
		for f := range vals {
			vals[f] = r.Cells[f].Value
		}
		lines, values, kept = append(lines, r.Line), append(values, vals), append(kept, i)
	}
	return lines, values, kept
}

// Fingerprint is the SHA-256 of a file's content: what drafts and
// submissions are keyed by.
func Fingerprint(path string) (string, error) { return workbook.SHA256(path) }
