package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/watch"
)

// watchFile re-checks the file when it is saved again elsewhere (Excel,
// LibreOffice), keeping the selection; with edits pending here, it says so
// instead of dropping them.
func (p *preview) watchFile() {
	if p.u.inline {
		return // UI tests call fileChanged themselves; internal/watch has its own tests
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.stopWatch = cancel
	p.u.stopWatch = cancel
	if err := watch.File(ctx, p.c.Path, func() { fyne.Do(p.fileChanged) }); err != nil {
		p.stopWatch = nil
	}
}

// fileChanged reacts to the file being saved elsewhere.
func (p *preview) fileChanged() {
	if p.u.preview != p {
		return
	}
	if p.c.Draft.Dirty() {
		p.note("The file was saved elsewhere while you have edits here. Save as a new file to keep them, or Re-check to load the file and drop them.", widget.WarningImportance)
		return
	}
	p.u.recheckKeeping(p.c.Path, p.selected, p.hasCell, "The file was saved elsewhere; it was read and checked again.")
}

func (p *preview) stop() {
	if p.stopWatch != nil {
		p.stopWatch()
		p.stopWatch = nil
	}
}

// recheckKeeping reads the file again and shows it with the same cell selected.
func (u *UI) recheckKeeping(path string, cell widget.TableCellID, selected bool, note string) {
	g := u.group
	u.background(func(ctx context.Context) {
		checked, err := u.b.Open(ctx, path, g)
		fyne.Do(func() {
			if err != nil {
				return
			}
			u.checked = checked
			u.showPreview()
			if note != "" {
				u.preview.note(note, widget.SuccessImportance)
			}
			if selected && cell.Row < len(u.preview.shown) {
				u.preview.table.Select(cell)
				u.preview.selected, u.preview.hasCell = cell, true
			}
		})
	})
}
