package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
)

// saveAs asks where to save the edits as a new file.
func (p *preview) saveAs(ending string) {
	p.u.files.Save(p.fileName(ending), func(path string) {
		if path != "" {
			p.saveTo(path)
		}
	})
}

func (p *preview) saveTo(target string) {
	c := p.c
	p.u.background(func(ctx context.Context) {
		path, err := p.u.b.SaveEdits(ctx, c, target)
		fyne.Do(func() {
			switch {
			case errors.Is(err, app.ErrChangedOnDisk):
				p.conflict()
			case err != nil:
				showError(p.u.win, "Not saved", err)
			case path == c.Path:
				// Read the saved file again: row numbers move when rows were
				// removed, and what is submitted must match the file.
				p.stop()
				p.u.recheckKeeping(path, p.selected, p.hasCell, "Saved to "+path+".")
			default:
				p.note("Saved to "+path+".", widget.SuccessImportance)
				p.recompute()
			}
		})
	})
}

// conflict: the file changed on disk and edits would overwrite someone's work.
func (p *preview) conflict() {
	msg := "The file was changed on disk since it was opened (saved in Excel?). Saving here would overwrite that change, so nothing was written. " +
		"Reload it (your edits here are dropped), or save your version as a new file."
	d := dialog.NewCustomConfirm("The file changed on disk", "Save as new file…", "Reload", wrappedLabel(msg), func(saveAs bool) {
		if saveAs {
			p.saveAs(" (my edits).xlsx")
			return
		}
		p.stop()
		p.u.checkFile(p.c.Path)
	}, p.u.win)
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

func (p *preview) exportMarked() {
	c := p.c
	p.u.files.Save(p.fileName(" - problems marked.xlsx"), func(path string) {
		if path == "" {
			return
		}
		p.u.background(func(context.Context) {
			err := p.u.b.ExportAnnotated(c, path)
			fyne.Do(func() {
				if err != nil {
					showError(p.u.win, "Not exported", err)
					return
				}
				p.note("Exported with the problems marked: "+path, widget.SuccessImportance)
			})
		})
	})
}
