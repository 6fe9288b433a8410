package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/template"
)

// editSelected opens an editor for the selected cell.
func (p *preview) editSelected() {
	if !p.hasCell || p.selected.Col == 0 || p.selected.Row >= len(p.shown) {
		return
	}
	row := p.c.Engine.Row(p.shown[p.selected.Row])
	f := template.Field(p.selected.Col - 1)
	entry := widget.NewEntry()
	entry.SetText(row.Cells[f].Value)
	d := dialog.NewForm(fmt.Sprintf("Row %d · %s", row.Line, f.Header()), "Change", "Cancel",
		[]*widget.FormItem{widget.NewFormItem(f.Header(), entry)}, func(ok bool) {
			if ok {
				p.setCell(row.Line, f, entry.Text)
			}
		}, p.u.win)
	d.Resize(fyne.NewSize(520, 180))
	d.Show()
	p.u.win.Canvas().Focus(entry)
}

// setCell edits one cell and re-checks what it touches.
func (p *preview) setCell(line int, f template.Field, value string) {
	if err := p.c.SetCell(line, f, value); err != nil {
		showError(p.u.win, "Not changed", err)
		return
	}
	p.edited()
}

// step undoes or redoes an edit.
func (p *preview) step(move func() bool) {
	if move() {
		p.edited()
	}
}

// edited shows the file after a change and keeps the draft.
func (p *preview) edited() {
	c := p.c
	p.recompute()
	p.u.background(func(ctx context.Context) { _ = p.u.b.KeepDraft(ctx, c) })
}
