// Package ui holds the Fyne screens of the Mass Client Uploader; it shows what
// internal/ computes and forwards what the user asks for.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Options are the app's start-up choices.
type Options struct {
	Demo bool // start on the in-process sandbox, signed in as the demo account
}

// Create builds the main window's content for app a in window w.
func Create(a fyne.App, w fyne.Window, opts Options) {
	w.SetTitle("Mass Client Uploader")
	w.SetContent(container.NewCenter(widget.NewLabel("Mass Client Uploader")))
	w.Resize(fyne.NewSize(960, 640))
}
