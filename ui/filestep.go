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

// showFileStep is step 3: choose the filled file (dialog, recent files, or
// drop it on the window).
func (u *UI) showFileStep() {
	info := widget.NewLabel("Choose the filled file (.xlsx or .csv), or drop it onto this window. It is checked here, on this computer, before anything is sent.")
	info.Wrapping = fyne.TextWrapWord
	choose := widget.NewButtonWithIcon("Choose file…", theme.FolderOpenIcon(), func() {
		u.files.Open(func(path string) {
			if path != "" {
				u.checkFile(path)
			}
		})
	})
	choose.Importance = widget.HighImportance
	recentBox := container.NewVBox()
	u.background(func(ctx context.Context) {
		files := u.b.RecentFiles(ctx)
		fyne.Do(func() {
			if len(files) == 0 {
				return
			}
			recentBox.Add(widget.NewLabelWithStyle("Recent files", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			for i, f := range files {
				if i == 8 {
					break
				}
				path := f.Path
				b := widget.NewButtonWithIcon(filepath.Base(path)+"  —  "+filepath.Dir(path), theme.FileIcon(), func() { u.checkFile(path) })
				b.Alignment = widget.ButtonAlignLeading
				recentBox.Add(b)
			}
		})
	})
	content := container.NewVBox(info, choose, widget.NewSeparator(), recentBox)
	u.show(u.frame(2, content, u.showTemplateStep, nil))
}

// dropped checks a file dropped onto the window, once a group is chosen.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	if len(uris) == 0 {
		return
	}
	path := uris[0].Path()
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case u.group.ID == 0:
		showError(u.win, "Pick a group first", app.Sentence("Choose the group these clients go to (step 1), then drop the file again."))
	case ext != ".xlsx" && ext != ".csv" && ext != ".xls" && ext != ".xlsm":
		showError(u.win, "Not a spreadsheet", app.Sentence(filepath.Base(path)+" is not an .xlsx or .csv file. Drop the filled template, or save it as .xlsx first."))
	default:
		u.checkFile(path)
	}
}

// checkFile reads and validates a file off the UI thread, then shows step 4.
func (u *UI) checkFile(path string) {
	spinner := widget.NewProgressBarInfinite()
	u.show(u.frame(2, container.NewCenter(container.NewVBox(
		widget.NewLabel("Checking "+filepath.Base(path)+"…"), spinner)), nil, nil))
	g, retryOf := u.group, u.retryOf
	u.retryOf = 0
	u.background(func(ctx context.Context) {
		checked, err := u.b.Open(ctx, path, g)
		if checked != nil {
			checked.RetryOf = retryOf
		}
		fyne.Do(func() {
			spinner.Stop()
			if err != nil {
				showError(u.win, "The file could not be checked", err)
				u.showFileStep()
				return
			}
			u.checked = checked
			u.showPreview()
		})
	})
}
