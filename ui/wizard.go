package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/version"
)

var stepNames = []string{"Group", "Template", "File", "Check & submit"}

// frame lays out one wizard step: the steps on top, the content, and Back and
// Next (either may be nil) with the way to the history.
func (u *UI) frame(step int, content fyne.CanvasObject, back func(), next *widget.Button) fyne.CanvasObject {
	var steps []fyne.CanvasObject
	for i, name := range stepNames {
		l := widget.NewLabel(fmt.Sprintf("%d  %s", i+1, name))
		if i == step {
			l.TextStyle = fyne.TextStyle{Bold: true}
			l.Importance = widget.HighImportance
		} else {
			l.Importance = widget.LowImportance
		}
		steps = append(steps, l)
		if i < len(stepNames)-1 {
			steps = append(steps, widget.NewLabel("›"))
		}
	}
	history := widget.NewButtonWithIcon("History", theme.HistoryIcon(), u.showHistory)
	signOut := widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), u.signOut)
	about := widget.NewButtonWithIcon("", theme.InfoIcon(), u.showAbout)
	top := container.NewBorder(nil, widget.NewSeparator(), nil, container.NewHBox(history, signOut, about), container.NewHBox(steps...))
	var bottom []fyne.CanvasObject
	if back != nil {
		b := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), back)
		bottom = append(bottom, b)
	}
	bottom = append(bottom, layoutSpacer())
	if next != nil {
		bottom = append(bottom, next)
	}
	u.setKeys(back, next)
	return container.NewBorder(top, container.NewHBox(bottom...), nil, nil, container.NewPadded(content))
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

var (
	backKey = &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}
	nextKey = &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}
)

// setKeys binds Alt+← and Escape to Back, and Alt+→ to Next (when enabled).
func (u *UI) setKeys(back func(), next *widget.Button) {
	c := u.win.Canvas()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape && back != nil {
			back()
		}
	})
	c.RemoveShortcut(backKey)
	c.RemoveShortcut(nextKey)
	if back != nil {
		c.AddShortcut(backKey, func(fyne.Shortcut) { back() })
	}
	if next != nil {
		c.AddShortcut(nextKey, func(fyne.Shortcut) {
			if !next.Disabled() && next.OnTapped != nil {
				next.OnTapped()
			}
		})
	}
}

func (u *UI) signOut() {
	confirm(u.win, "Sign out?", "You will need your password to sign in again. Anything waiting in the outbox stays there.", "Sign out", func() {
		u.background(func(ctx context.Context) {
			err := u.b.SignOut(ctx)
			fyne.Do(func() {
				u.refreshStatus()
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				u.showWelcome(msg)
			})
		})
	})
}

func (u *UI) showAbout() {
	text := version.String() + "\n\nGets a batch of new clients into the DNA Platform: checked on this computer, sent exactly once.\n" +
		"Your sign-in is kept in the system keyring; everything else in " + u.b.DataPath() + "."
	d := dialog.NewCustom("About Mass Client Uploader", "Close", wrappedLabel(text), u.win)
	d.Resize(fyne.NewSize(520, 240))
	d.Show()
}
