package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// FileDialogs asks the user for files. The app uses Fyne's dialogs; tests
// answer for the user.
type FileDialogs interface {
	// Open asks for an .xlsx or .csv file; done gets "" when cancelled.
	Open(done func(path string))
	// Save asks where to save; done gets "" when cancelled.
	Save(suggested string, done func(path string))
}

// fyneDialogs are Fyne's own dialogs: used on Linux (no GTK needed) and in
// tests; Windows and macOS get the system's (dialogs_native.go).
type fyneDialogs struct{ w fyne.Window }

func (d fyneDialogs) Open(done func(string)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			done("")
			return
		}
		r.Close()
		done(r.URI().Path())
	}, d.w)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}

func (d fyneDialogs) Save(suggested string, done func(string)) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			done("")
			return
		}
		w.Close()
		done(w.URI().Path())
	}, d.w)
	fd.SetFileName(suggested)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}

func confirm(w fyne.Window, title, message, ok string, yes func()) {
	label := widget.NewLabel(message)
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, ok, "Cancel", label, func(b bool) {
		if b {
			yes()
		}
	}, w)
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
}

func showError(w fyne.Window, title string, err error) {
	label := widget.NewLabel(err.Error())
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", label, w)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}
