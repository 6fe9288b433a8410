//go:build windows || darwin

package ui

import (
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"github.com/sqweek/dialog"

	"github.com/dnaplatform/massuploader/internal/userdirs"
)

// nativeDialogs are the system's own open and save dialogs, which coaches on
// Windows and macOS know. They are modal and block, so they run off the UI
// thread and hand the answer back with fyne.Do.
type nativeDialogs struct{ w fyne.Window }

func systemDialogs(w fyne.Window) FileDialogs { return nativeDialogs{w} }

func (d nativeDialogs) Open(done func(string)) {
	go func() {
		path, err := dialog.File().Title("Choose the filled file").SetStartDir(userdirs.Documents()).
			Filter("Spreadsheets (*.xlsx, *.csv)", "xlsx", "csv").Load()
		d.answer(path, err, done)
	}()
}

func (d nativeDialogs) Save(suggested string, done func(string)) {
	go func() {
		path, err := dialog.File().Title("Save as").SetStartDir(userdirs.Documents()).Filter("Excel workbook (*.xlsx)", "xlsx").
			SetStartFile(suggested).Save()
		if err == nil && filepath.Ext(path) == "" {
			path += ".xlsx"
		}
		d.answer(path, err, done)
	}()
}

func (d nativeDialogs) answer(path string, err error, done func(string)) {
	fyne.Do(func() {
		if err != nil {
			if !errors.Is(err, dialog.ErrCancelled) {
				showError(d.w, "The file dialog failed", err)
			}
			done("")
			return
		}
		done(path)
	})
}
