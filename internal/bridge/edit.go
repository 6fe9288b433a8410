package bridge

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/atomicfile"
	"github.com/dnaplatform/massuploader/internal/draft"
	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// LoadDraft restores the edits kept for this file's content (none for a new
// file) and re-checks.
func (b *Bridge) LoadDraft(ctx context.Context, c *Checked) (*draft.Draft, error) {
	if c.Engine == nil {
		return &draft.Draft{}, nil
	}
	d, err := draft.Load(ctx, b.store, c.SHA256, c.Engine)
	if err != nil {
		return &draft.Draft{}, err
	}
	c.Refresh()
	return d, nil
}

// KeepDraft stores the edits so that closing the app loses nothing.
func (b *Bridge) KeepDraft(ctx context.Context, c *Checked, d *draft.Draft) error {
	return draft.Save(ctx, b.store, c.SHA256, c.Path, d)
}

// Refresh recomputes the issues after edits.
func (c *Checked) Refresh() {
	if c.Engine == nil {
		return
	}
	c.Issues = c.Engine.Issues()
	c.Counts = validate.Count(c.Issues)
}

// ErrChangedOnDisk is returned by SaveEdits when the file changed since it was
// read: nothing was overwritten.
var ErrChangedOnDisk = workbook.ErrChangedOnDisk

// SaveEdits writes the edited cells into the workbook (target "" = the file
// itself; another path = a copy) and returns the path written. A .csv file is
// saved as a new .xlsx template holding every row.
func (b *Bridge) SaveEdits(ctx context.Context, c *Checked, d *draft.Draft, target string) (string, error) {
	if c.Engine == nil {
		return "", errors.New("nothing to save")
	}
	isCSV := strings.EqualFold(filepath.Ext(c.Path), ".csv")
	if target == "" && isCSV {
		target = strings.TrimSuffix(c.Path, filepath.Ext(c.Path)) + ".xlsx"
	}
	if isCSV {
		return target, b.saveAsTemplate(ctx, c, target)
	}
	path, sha := c.Path, c.SHA256
	if target != "" && target != c.Path {
		// A new file: the workbook as it is on disk now, with this draft's
		// cells written over it.
		if err := atomicfile.Copy(c.Path, target, atomicfile.Mode); err != nil {
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
		_ = draft.Discard(ctx, b.store, c.SHA256)
		c.SHA256 = newSHA
		*d = draft.Draft{}
	}
	return path, nil
}

func (b *Bridge) saveAsTemplate(ctx context.Context, c *Checked, target string) error {
	sess, err := b.session()
	if err != nil {
		return err
	}
	tpl, _, err := sess.Catalog.Template(ctx)
	if err != nil {
		return Explain(err)
	}
	var rows []outbox.RowResult
	for i := range c.Engine.Len() {
		if c.Engine.Removed(i) {
			continue
		}
		r := c.Engine.Row(i)
		vals := make([]string, template.NumFields)
		for f := range vals {
			vals[f] = r.Cells[f].Value
		}
		rows = append(rows, outbox.RowResult{Row: r.Line, Status: outbox.RowPending, Original: vals})
	}
	_, err = export.WriteRetry(target, tpl.Data, rows)
	return err
}

// ExportAnnotated writes a copy of the file with its problems marked, for an
// assistant to fix.
func (b *Bridge) ExportAnnotated(c *Checked, target string) error {
	if c.Engine == nil || !strings.EqualFold(filepath.Ext(c.Path), ".xlsx") {
		return errors.New("only an .xlsx file can be marked up; save it as .xlsx first")
	}
	return export.WriteAnnotated(c.Path, target, c.Engine.Header().Sheet, c.Issues)
}
