package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/draft"
	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/fixes"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Fix is a proposed change, said for the user; Change is one of its cells.
type (
	Fix    = fixes.Fix
	Change = fixes.Change
)

// RemoveExisting is the kind of fix that removes rows of existing clients.
const RemoveExisting = fixes.RemoveExisting

// LoadDraft restores the edits kept for this file's content (none for a new
// file) and re-checks.
func (a *App) LoadDraft(ctx context.Context, c *Checked) (*draft.Draft, error) {
	if c.Engine == nil {
		return &draft.Draft{}, nil
	}
	_, st := a.state()
	d, err := draft.Load(ctx, st, c.SHA256, c.Engine)
	if err != nil {
		return &draft.Draft{}, err
	}
	c.Refresh()
	return d, nil
}

// KeepDraft stores the edits so that closing the app loses nothing.
func (a *App) KeepDraft(ctx context.Context, c *Checked) error {
	_, st := a.state()
	return draft.Save(ctx, st, c.SHA256, c.Path, c.Draft)
}

// SetCell edits one cell and re-checks what it touches.
func (c *Checked) SetCell(line int, f template.Field, value string) error {
	if _, err := c.Draft.Apply(c.Engine, line, f, value); err != nil {
		return err
	}
	c.Refresh()
	return nil
}

// Undo takes back the last edit; false when there was none.
func (c *Checked) Undo() bool { return c.move(c.Draft.Undo) }

// Redo makes the last undone edit again; false when there was none.
func (c *Checked) Redo() bool { return c.move(c.Draft.Redo) }

func (c *Checked) move(step func(*validate.Engine) ([]int, bool)) bool {
	_, ok := step(c.Engine)
	if ok {
		c.Refresh()
	}
	return ok
}

// Apply makes fix changes as ordinary, undoable edits.
func (c *Checked) Apply(changes []Change) {
	for _, ch := range changes {
		if ch.Remove {
			_, _ = c.Draft.RemoveRow(c.Engine, ch.Row)
		} else {
			_, _ = c.Draft.Apply(c.Engine, ch.Row, ch.Field, ch.New)
		}
	}
	c.Refresh()
}

// FixFor proposes a fix for an issue, or ok=false.
func (c *Checked) FixFor(is Issue) (Fix, bool) {
	p := c.Locate(is)
	if p.Index < 0 || !p.HasField {
		return Fix{}, false
	}
	return fixes.At(is, p.Field, c.Engine.Row(p.Index))
}

// FixAll is every certain fix of one kind among the issues.
func (c *Checked) FixAll(kind string) []Change {
	var all []Change
	for _, is := range c.Issues {
		if fx, ok := c.FixFor(is); ok && fx.Kind == kind && fx.Certain {
			all = append(all, fx.Changes...)
		}
	}
	return all
}

// Tidy is every change that collapses runs of spaces in names, lower-cases
// e-mail domains and writes languages as codes.
func (c *Checked) Tidy() []Change {
	var all []Change
	if c.Engine == nil {
		return nil
	}
	for i := range c.Engine.Len() {
		for _, fx := range fixes.Tidy(c.Engine.Row(i)) {
			all = append(all, fx.Changes...)
		}
	}
	return all
}

// Describe says a change for the confirmation before it is made.
func (c *Checked) Describe(ch Change) string {
	i, _ := c.Engine.IndexOf(ch.Row)
	r := c.Engine.Row(i)
	if ch.Remove {
		return fmt.Sprintf("Row %d (%s %s, %s) is removed from the import, and from the file when you save.",
			ch.Row, r.Cells[template.FirstName].Value, r.Cells[template.LastName].Value, r.Cells[template.Email].Value)
	}
	return fmt.Sprintf("Row %d, %s: \"%s\" becomes \"%s\"", ch.Row, ch.Field.Header(), r.Cells[ch.Field].Value, ch.New)
}

// ErrChangedOnDisk is returned by SaveEdits when the file changed since it was
// read: nothing was overwritten.
var ErrChangedOnDisk = workbook.ErrChangedOnDisk

// SaveEdits writes the edited cells into the workbook (target "" = the file
// itself; another path = a copy) and returns the path written. A .csv file is
// saved as a new .xlsx template holding every row.
func (a *App) SaveEdits(ctx context.Context, c *Checked, target string) (string, error) {
	if c.Engine == nil {
		return "", errors.New("nothing to save")
	}
	d := c.Draft
	isCSV := strings.EqualFold(filepath.Ext(c.Path), ".csv")
	if target == "" && isCSV {
		target = strings.TrimSuffix(c.Path, filepath.Ext(c.Path)) + ".xlsx"
	}
	if isCSV {
		return target, a.saveAsTemplate(ctx, c, target)
	}
	path, sha := c.Path, c.SHA256
	if target != "" && target != c.Path {
		// A new file: the workbook as it is on disk now, with this draft's
		// cells written over it.
		if err := copyFile(c.Path, target); err != nil {
			return "", fmt.Errorf("copying to %s: %w", target, err)
		}
		path = target
		var err error
		if sha, err = workbook.SHA256(target); err != nil {
			return "", err
		}
	}
	var edits []workbook.CellEdit
	h := c.Engine.Header()
	for _, ch := range d.Changes() {
		col := h.Cols[ch.Field]
		if col == "" {
			return "", fmt.Errorf("the file has no %s column to write row %d into; use Save as to write a new template", ch.Field.Header(), ch.Row)
		}
		edits = append(edits, workbook.CellEdit{Cell: fmt.Sprintf("%s%d", col, ch.Row), Value: ch.New})
	}
	newSHA, err := workbook.SaveEdits(path, h.Sheet, sha, edits, d.RemovedRows())
	if err != nil {
		return "", err
	}
	if path == c.Path {
		_, st := a.state()
		_ = draft.Discard(ctx, st, c.SHA256)
		c.SHA256 = newSHA
		*d = draft.Draft{}
	}
	return path, nil
}

func (a *App) saveAsTemplate(ctx context.Context, c *Checked, target string) error {
	tpl, _, err := a.Template(ctx)
	if err != nil {
		return Explain(err)
	}
	var rows []outbox.RowResult
	lines, values, _ := c.originals()
	for k, line := range lines {
		rows = append(rows, outbox.RowResult{Row: line, Status: outbox.RowPending, Original: values[k]})
	}
	_, err = export.WriteRetry(target, tpl.Data, rows)
	return err
}

// ExportAnnotated writes a copy of the file with its problems marked, for an
// assistant to fix.
func (a *App) ExportAnnotated(c *Checked, target string) error {
	if c.Engine == nil || !strings.EqualFold(filepath.Ext(c.Path), ".xlsx") {
		return errors.New("only an .xlsx file can be marked up; save it as .xlsx first")
	}
	return export.WriteAnnotated(c.Path, target, c.Engine.Header().Sheet, c.Issues)
}
