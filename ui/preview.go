package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
)

// preview is step 4: every row, its problems, edits and fixes, and the way to
// submit. Its concerns live in files of their own: the table (table.go), the
// problem list (problems.go), fixes (fixbar.go), editing (editing.go), saving
// and exporting (save.go) and watching the file (filewatch.go).
type preview struct {
	u          *UI
	c          *app.Checked
	table      *widget.Table
	issues     *widget.List
	summary    *widget.Label
	what       *widget.Label
	banner     *fyne.Container
	fixBar     *fyne.Container
	undo, redo *widget.Button
	save       *widget.Button
	submit     *widget.Button
	changed    *widget.Label // the file changed on disk

	rowIssues  []app.Issue // the issues of rows and cells, in the list
	shown      []int       // engine row indexes shown, in order
	severity   map[[2]int]string
	errorsOnly bool
	selected   widget.TableCellID
	hasCell    bool
	stopWatch  context.CancelFunc
}

func (u *UI) showPreview() {
	c := u.checked
	p := &preview{u: u, c: c, severity: map[[2]int]string{},
		summary: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		what:    &widget.Label{Wrapping: fyne.TextWrapWord}, banner: container.NewVBox(), fixBar: container.NewHBox(),
		changed: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}}
	if u.stopWatch != nil {
		u.stopWatch()
	}
	u.preview = p
	p.changed.Hide()
	p.table = newRowTable(p)
	p.issues = newProblemList(p)

	onlyErrors := widget.NewCheck("Rows with errors only", func(on bool) {
		p.errorsOnly = on
		p.filter()
		p.table.Refresh()
	})
	recheck := &widget.Button{Text: "Re-check", Icon: theme.ViewRefreshIcon(), OnTapped: func() { u.checkFile(c.Path) }}
	edit := &widget.Button{Text: "Edit cell", Icon: theme.DocumentCreateIcon(), OnTapped: p.editSelected}
	p.undo = &widget.Button{Text: "Undo", Icon: theme.ContentUndoIcon(), OnTapped: func() { p.step(c.Undo) }}
	p.redo = &widget.Button{Text: "Redo", Icon: theme.ContentRedoIcon(), OnTapped: func() { p.step(c.Redo) }}
	p.save = &widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), OnTapped: func() { p.saveTo("") }}
	saveAs := &widget.Button{Text: "Save as…", Icon: theme.DocumentSaveIcon(), OnTapped: func() { p.saveAs(" (fixed).xlsx") }}
	mark := &widget.Button{Text: "Export with problems marked…", Icon: theme.DocumentPrintIcon(), OnTapped: p.exportMarked}
	tidy := &widget.Button{Text: "Tidy", Icon: theme.ContentClearIcon(), OnTapped: p.tidy}
	p.submit = &widget.Button{Text: "Submit", Icon: theme.UploadIcon(), Importance: widget.HighImportance, OnTapped: func() {
		p.stop()
		u.submitChecked()
	}}

	head := container.NewVBox(
		container.NewHBox(widget.NewLabel(filepath.Base(c.Path)+" for "+c.Group.Name), layoutSpacer(), onlyErrors, recheck),
		container.NewHBox(edit, p.undo, p.redo, p.save, saveAs, mark, tidy),
		p.summary, p.changed, p.banner)
	issuesPane := container.NewBorder(&widget.Label{Text: "Problems", TextStyle: fyne.TextStyle{Bold: true}},
		p.fixBar, nil, nil, p.issues)
	split := container.NewVSplit(p.table, issuesPane)
	split.Offset = 0.6
	content := container.NewBorder(head, container.NewBorder(nil, nil, nil, p.submit, p.what), nil, nil, split)
	u.show(u.frame(3, content, func() { p.stop(); u.showFileStep() }, nil))
	p.recompute()
	u.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			p.editSelected()
		case fyne.KeyEscape:
			p.stop()
			u.showFileStep()
		}
	})
	p.watchFile()
}

// recompute rebuilds everything shown from the check's issues.
func (p *preview) recompute() {
	c := p.c
	p.sortIssues()
	p.filter()
	p.summary.SetText(c.Summary())
	p.what.SetText(c.WhatWillHappen())
	setEnabled(p.submit, c.Engine != nil && c.Counts.Errors == 0)
	setEnabled(p.undo, c.Draft.CanUndo())
	setEnabled(p.redo, c.Draft.CanRedo())
	setEnabled(p.save, c.Draft.Dirty())
	p.fixBar.RemoveAll()
	p.table.Refresh()
	p.issues.UnselectAll()
	p.issues.Refresh()
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// note shows one line above the table: what just happened, or a warning.
func (p *preview) note(text string, importance widget.Importance) {
	p.changed.SetText(text)
	p.changed.Importance = importance
	p.changed.Show()
}

// fileName is the file's name with another ending, for Save as and Export.
func (p *preview) fileName(ending string) string {
	return strings.TrimSuffix(filepath.Base(p.c.Path), filepath.Ext(p.c.Path)) + ending
}

// submitChecked puts the file in the outbox and shows its progress.
func (u *UI) submitChecked() {
	c := u.checked
	u.background(func(ctx context.Context) {
		id, err := u.b.Enqueue(ctx, c)
		fyne.Do(func() {
			if err != nil {
				showError(u.win, "Not submitted", err)
				return
			}
			u.showProgress(id, c.Path)
		})
	})
}
