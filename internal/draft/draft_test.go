package draft

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func engine(t *testing.T) *validate.Engine {
	h := workbook.Header{Version: template.Version}
	for _, c := range template.Columns {
		h.Cols[c.Field] = c.Letter
	}
	var g platform.Group
	for _, x := range sandbox.DemoGroups() {
		if x.ID == 101 {
			g = x
		}
	}
	e := validate.NewEngine(validate.Context{Group: g, Reports: sandbox.DemoReports()}, h)
	for i, email := range []string{"a@example.com", "bad-email", "a@example.com"} {
		r := workbook.Row{Line: i + 2}
		for f, v := range []string{"Ann", "Lee", email, "", "1001"} {
			r.Cells[f] = workbook.Cell{Value: v, Col: template.Columns[f].Letter}
		}
		e.Add(r)
	}
	e.SetExisting(validate.NewExisting(platform.LookupResult{}))
	return e
}

func errorsIn(e *validate.Engine) int { return validate.Count(e.Issues()).Errors }

func TestEditUndoRedoAndStore(t *testing.T) {
	e := engine(t)
	if errorsIn(e) != 2 { // invalid e-mail on row 3, duplicate on row 4
		t.Fatal(e.Issues())
	}
	d := &Draft{}
	d.Apply(e, 3, template.Email, "b@example.com")
	if errorsIn(e) != 1 {
		t.Fatalf("after the fix: %v", e.Issues())
	}
	d.Apply(e, 4, template.Email, "c@example.com") // fixing the duplicate clears the other row's error too
	if errorsIn(e) != 0 {
		t.Fatal(e.Issues())
	}
	d.Undo(e)
	if errorsIn(e) != 1 || !d.CanRedo() {
		t.Fatal("undo did not bring the duplicate back")
	}
	d.Redo(e)
	if errorsIn(e) != 0 {
		t.Fatal("redo")
	}
	if ch := d.Changes(); len(ch) != 2 || ch[0].Old != "bad-email" || ch[0].New != "b@example.com" {
		t.Fatalf("%+v", ch)
	}

	st, err := store.Open(filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := Save(ctx, st, "sha1", "/f.xlsx", d); err != nil {
		t.Fatal(err)
	}
	// After a restart, the same file gets its edits back.
	e2 := engine(t)
	d2, err := Load(ctx, st, "sha1", e2)
	if err != nil || errorsIn(e2) != 0 || !d2.Dirty() {
		t.Fatalf("%v %v", err, e2.Issues())
	}
	// Another file (content) does not.
	e3 := engine(t)
	if d3, _ := Load(ctx, st, "other", e3); d3.Dirty() || errorsIn(e3) != 2 {
		t.Fatal("a draft leaked to another file")
	}
}
