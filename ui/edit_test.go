package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
)

// openInPreview signs in to the demo, picks group 101 and opens a file.
func openInPreview(t *testing.T, rows []fixtures.Row, extra ...fixtures.Sheet) (*harness, string) {
	t.Helper()
	h := newHarness(t, true)
	h.selectGroup(101)
	test.Tap(h.button("Next"))
	test.Tap(h.button("Next"))
	path := filepath.Join(h.dir, "edit.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows},
		fixtures.Options{Version: template.Version, Extra: extra}); err != nil {
		t.Fatal(err)
	}
	h.files.open = path
	test.Tap(h.button("Choose file…"))
	return h, path
}

// editCell selects a cell, presses Enter, types the new value in the editor
// and confirms, as a user does.
func (h *harness) editCell(row int, f template.Field, value string) {
	h.t.Helper()
	p := h.u.preview
	i, _ := h.u.checked.Engine.IndexOf(row)
	p.table.Select(widget.TableCellID{Row: i, Col: int(f) + 1})
	h.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	var entry *widget.Entry
	for _, o := range h.w.Canvas().Overlays().List() {
		for _, x := range test.LaidOutObjects(o) {
			if e, ok := x.(*widget.Entry); ok {
				entry = e
			}
		}
	}
	if entry == nil {
		h.t.Fatal("no editor opened")
	}
	entry.SetText(value)
	test.Tap(h.button("Change"))
}

func TestEditUndoAndDuplicates(t *testing.T) {
	rows := fixtures.Clients(6)
	rows[1][2] = "not-an-email"
	rows[4][2] = rows[3][2] // row 6 repeats row 5's e-mail
	h, _ := openInPreview(t, rows)
	h.wantText("6 rows · 2 errors in 2 rows")
	if !h.button("Submit").Disabled() {
		t.Fatal("Submit enabled with errors")
	}

	h.editCell(3, template.Email, "fixed@example.com")
	h.wantText("6 rows · 1 error in 1 row")
	// A double click on a cell opens its editor too (the cell as the table
	// makes and fills it).
	p := h.u.preview
	target := p.table.CreateCell().(*cell)
	p.table.UpdateCell(widget.TableCellID{Row: 1, Col: 1 + int(template.FirstName)}, target)
	test.DoubleTap(target)
	h.wantText("Row 3 · First Name")
	test.Tap(h.button("Cancel"))
	// Fixing the first of two duplicates clears the other row's error.
	h.editCell(5, template.Email, "someone.else@example.com")
	h.wantText("6 rows · 0 errors · 0 warnings")
	if h.button("Submit").Disabled() {
		t.Fatal("Submit stays disabled without errors")
	}
	test.Tap(h.button("Undo"))
	h.wantText("6 rows · 1 error in 1 row")
	test.Tap(h.button("Undo"))
	h.wantText("6 rows · 2 errors in 2 rows")
	test.Tap(h.button("Redo"))
	h.wantText("6 rows · 1 error in 1 row")

	// The edits survive a restart: they are kept against the file's content.
	h.u.checkFile(h.u.checked.Path)
	h.wantText("6 rows · 1 error in 1 row")
}

func TestFixAllInvisibleCharacters(t *testing.T) {
	rows := fixtures.Clients(6)
	rows[0][0] = "Ada\u200b"
	rows[2][1] = "\u200bMüller"
	rows[4][0] = "Ann\u2060e"
	h, _ := openInPreview(t, rows)
	h.wantText("3 errors in 3 rows")
	h.u.preview.issues.Select(0)
	h.wantText("Suggested: Remove the invisible characters")
	test.Tap(h.button("Fix all of this kind"))
	h.wantText("3 cells will change")
	test.Tap(h.button("Fix all"))
	h.wantText("6 rows · 0 errors · 0 warnings")
	if v := h.u.checked.Engine.Row(0).Cells[template.FirstName].Value; v != "Ada" {
		t.Fatalf("%q", v)
	}
}

func TestSaveBackKeepsTheWorkbookAndRefusesToOverwrite(t *testing.T) {
	rows := fixtures.Clients(5)
	rows[2][2] = "bad@"
	h, path := openInPreview(t, rows, fixtures.Sheet{Name: "Notes", Headers: []string{"keep me"}})
	// Give the file a style and a data validation the save must keep: done
	// before the app reads it, so reopen.
	f, _ := excelize.OpenFile(path)
	style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetCellStyle("Clients", "A2", "A2", style)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref("G2:G50")
	dv.SetDropList([]string{"en", "es"})
	f.AddDataValidation("Clients", dv)
	f.Save()
	f.Close()
	h.u.checkFile(path)

	h.editCell(4, template.Email, "good@example.com")
	test.Tap(h.button("Save"))
	h.wantText("Saved to " + path)
	saved, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	email, _ := saved.GetCellValue("Clients", "C4")
	notes, _ := saved.GetCellValue("Notes", "A1")
	dvs, _ := saved.GetDataValidations("Clients")
	id, _ := saved.GetCellStyle("Clients", "A2")
	st, _ := saved.GetStyle(id)
	saved.Close()
	if email != "good@example.com" || notes != "keep me" || len(dvs) != 1 || st == nil || st.Font == nil || !st.Font.Bold {
		t.Fatalf("C4=%q Notes=%q %d validations, style %+v", email, notes, len(dvs), st)
	}

	// Someone saves the file in Excel while another edit waits here.
	h.editCell(5, template.FirstName, "Edited")
	other, _ := excelize.OpenFile(path)
	other.SetCellStr("Clients", "B6", "Changed in Excel")
	other.Save()
	other.Close()
	h.u.preview.fileChanged()
	h.wantText("The file was saved elsewhere while you have edits here")
	test.Tap(h.button("Save"))
	h.wantText("Saving here would overwrite that change, so nothing was written")
	check, _ := excelize.OpenFile(path)
	b6, _ := check.GetCellValue("Clients", "B6")
	a5, _ := check.GetCellValue("Clients", "A5")
	check.Close()
	if b6 != "Changed in Excel" || a5 == "Edited" {
		t.Fatalf("the other change was overwritten: B6=%q A5=%q", b6, a5)
	}
	// Save as a new file keeps both.
	h.files.save = filepath.Join(h.dir, "mine.xlsx")
	test.Tap(h.button("Save as new file…"))
	h.wantText("Saved to " + h.files.save)
	mine, err := excelize.OpenFile(h.files.save)
	if err != nil {
		t.Fatal(err)
	}
	a5, _ = mine.GetCellValue("Clients", "A5")
	b6, _ = mine.GetCellValue("Clients", "B6")
	mine.Close()
	if a5 != "Edited" || b6 != "Changed in Excel" {
		t.Fatalf("my version: A5=%q B6=%q", a5, b6)
	}
}

func TestExportWithProblemsMarked(t *testing.T) {
	rows := fixtures.Clients(5)
	rows[1][2] = "bad@"
	h, _ := openInPreview(t, rows)
	h.files.save = filepath.Join(h.dir, "marked.xlsx")
	test.Tap(h.button("Export with problems marked…"))
	h.wantText("Exported with the problems marked: " + h.files.save)
	f, err := excelize.OpenFile(h.files.save)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, _ := f.GetComments("Clients")
	if len(comments) != 1 || comments[0].Cell != "C3" {
		t.Fatalf("%+v", comments)
	}
}

func TestTidySpacesAndDomains(t *testing.T) {
	rows := fixtures.Clients(5)
	rows[0][0] = "Mary   Ann"
	rows[2][2] = "Someone@Example.COM"
	h, _ := openInPreview(t, rows)
	test.Tap(h.button("Tidy"))
	h.wantText("2 cells will change")
	test.Tap(h.button("Apply"))
	e := h.u.checked.Engine
	if e.Row(0).Cells[template.FirstName].Value != "Mary Ann" || e.Row(2).Cells[template.Email].Value != "Someone@example.com" {
		t.Fatalf("%q %q", e.Row(0).Cells[template.FirstName].Value, e.Row(2).Cells[template.Email].Value)
	}
	test.Tap(h.button("Undo"))
	if e.Row(2).Cells[template.Email].Value != "Someone@Example.COM" {
		t.Fatal("undo")
	}
}

func TestRemoveRowsThatAlreadyExist(t *testing.T) {
	rows := fixtures.Clients(7)
	rows[1][2] = "existing.client@example.com"
	rows[4][3] = "mgarcia" // an existing username
	h, path := openInPreview(t, rows)
	h.wantText("7 rows · 2 errors in 2 rows")
	h.u.preview.issues.Select(0)
	h.wantText("Suggested: Remove this row: the client already exists on the platform")
	test.Tap(h.button("Fix all of this kind"))
	h.wantText("2 rows will be removed")
	test.Tap(h.button("Fix all"))
	h.wantText("5 rows (2 removed) · 0 errors · 0 warnings")
	h.wantText("5 clients will be created in Acme Leadership Cohort")
	test.Tap(h.button("Undo"))
	h.wantText("6 rows (1 removed) · 1 error in 1 row")
	test.Tap(h.button("Redo"))
	test.Tap(h.button("Save"))
	h.wantText("5 rows · 0 errors · 0 warnings") // the saved file, read again
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.GetRows("Clients")
	f.Close()
	if len(all) != 1+5 || all[2][2] == "existing.client@example.com" {
		t.Fatalf("the saved file has %d rows: %v", len(all), all)
	}
	test.Tap(h.button("Submit"))
	h.wantText("Done: 5 created, 0 not created")
}
