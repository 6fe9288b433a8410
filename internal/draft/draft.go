// Package draft keeps the cell edits a user makes in the app: applied to the
// validation engine, undoable and redoable, and stored in the local database
// against the file's SHA-256 so that closing the app loses nothing.
package draft

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// Edit is one change of one cell, or the removal of a row, by spreadsheet row
// number.
type Edit struct {
	Row    int            `json:"row"`
	Field  template.Field `json:"field"`
	Old    string         `json:"old"`
	New    string         `json:"new"`
	Remove bool           `json:"remove,omitempty"` // the row is taken out of the import (and the file, on save)
}

// Draft is the edits of one file, with undo and redo.
type Draft struct {
	done   []Edit
	undone []Edit
}

// Apply changes a cell through the engine and records it; it returns the
// engine indexes of the rows whose issues may have changed.
func (d *Draft) Apply(e *validate.Engine, line int, f template.Field, value string) ([]int, error) {
	i, ok := e.IndexOf(line)
	if !ok {
		return nil, fmt.Errorf("draft: there is no row %d", line)
	}
	old := e.Row(i).Cells[f].Value
	if old == value {
		return nil, nil
	}
	d.done = append(d.done, Edit{Row: line, Field: f, Old: old, New: value})
	d.undone = nil
	return e.SetCell(i, f, value), nil
}

// RemoveRow takes a row out of the import (and out of the file, on save).
func (d *Draft) RemoveRow(e *validate.Engine, line int) ([]int, error) {
	i, ok := e.IndexOf(line)
	if !ok {
		return nil, fmt.Errorf("draft: there is no row %d", line)
	}
	if e.Removed(i) {
		return nil, nil
	}
	d.done = append(d.done, Edit{Row: line, Remove: true})
	d.undone = nil
	return e.SetRemoved(i, true), nil
}

// Undo reverts the last edit; ok is false when there is none.
func (d *Draft) Undo(e *validate.Engine) (affected []int, ok bool) {
	return move(e, &d.done, &d.undone, false)
}

// Redo applies again the last undone edit.
func (d *Draft) Redo(e *validate.Engine) (affected []int, ok bool) {
	return move(e, &d.undone, &d.done, true)
}

// move takes the last edit of from onto to, and reverts it (forward false) or
// applies it again. Its row exists: edits are only recorded for rows the
// engine has, and an engine never loses rows.
func move(e *validate.Engine, from, to *[]Edit, forward bool) ([]int, bool) {
	if len(*from) == 0 {
		return nil, false
	}
	ed := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, ed)
	i, found := e.IndexOf(ed.Row)
	if !found {
		return nil, true
	}
	if ed.Remove {
		return e.SetRemoved(i, forward), true
	}
	value := ed.Old
	if forward {
		value = ed.New
	}
	return e.SetCell(i, ed.Field, value), true
}

// RemovedRows lists the rows the draft takes out, in file order.
func (d *Draft) RemovedRows() []int {
	var out []int
	for _, ed := range d.done {
		if ed.Remove {
			out = append(out, ed.Row)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CanUndo and CanRedo say whether there is something to undo or redo.
func (d *Draft) CanUndo() bool { return len(d.done) > 0 }

// CanRedo says whether there is an undone edit.
func (d *Draft) CanRedo() bool { return len(d.undone) > 0 }

// Changes returns, per cell, the value it has now, for cells that differ from
// the file (an edit undone by hand drops out).
func (d *Draft) Changes() []Edit {
	type key struct {
		row   int
		field template.Field
	}
	first := map[key]string{}
	last := map[key]string{}
	var order []key
	for _, ed := range d.done {
		if ed.Remove {
			continue
		}
		k := key{ed.Row, ed.Field}
		if _, seen := first[k]; !seen {
			first[k] = ed.Old
			order = append(order, k)
		}
		last[k] = ed.New
	}
	var out []Edit
	for _, k := range order {
		if first[k] != last[k] {
			out = append(out, Edit{Row: k.row, Field: k.field, Old: first[k], New: last[k]})
		}
	}
	return out
}

// Dirty tells whether the draft changes the file.
func (d *Draft) Dirty() bool { return len(d.Changes()) > 0 || len(d.RemovedRows()) > 0 }

// Save stores the draft's edits for a file's content.
func Save(ctx context.Context, st *store.Store, sha, path string, d *Draft) error {
	if !d.Dirty() {
		_, err := st.DB().ExecContext(ctx, `DELETE FROM drafts WHERE file_sha256 = ?`, sha)
		return err
	}
	data, _ := json.Marshal(d.done)
	_, err := st.DB().ExecContext(ctx, `INSERT INTO drafts (file_sha256, path, edits, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (file_sha256) DO UPDATE SET path = excluded.path, edits = excluded.edits, updated_at = excluded.updated_at`,
		sha, path, string(data), store.Time(time.Now()))
	if err != nil {
		return fmt.Errorf("draft: saving the edits: %w", err)
	}
	return nil
}

// Load restores the stored edits of a file's content onto the engine; a file
// with no stored draft gives an empty one.
func Load(ctx context.Context, st *store.Store, sha string, e *validate.Engine) (*Draft, error) {
	var data string
	err := st.DB().QueryRowContext(ctx, `SELECT edits FROM drafts WHERE file_sha256 = ?`, sha).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return &Draft{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("draft: reading the edits: %w", err)
	}
	var edits []Edit
	if err := json.Unmarshal([]byte(data), &edits); err != nil {
		return nil, fmt.Errorf("draft: reading the edits: %w", err)
	}
	d := &Draft{}
	for _, ed := range edits {
		var err error
		if ed.Remove {
			_, err = d.RemoveRow(e, ed.Row)
		} else {
			_, err = d.Apply(e, ed.Row, ed.Field, ed.New)
		}
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Discard forgets a file's stored draft (after saving it into the file).
func Discard(ctx context.Context, st *store.Store, sha string) error {
	_, err := st.DB().ExecContext(ctx, `DELETE FROM drafts WHERE file_sha256 = ?`, sha)
	return err
}
