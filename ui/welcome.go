package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// welcome is the sign-in screen.
type welcome struct {
	url, user *widget.Entry
	pass      *widget.Entry
	signIn    *widget.Button
	demo      *widget.Button
	message   *widget.Label
}

func (u *UI) showWelcome(msg string) {
	w := &welcome{
		url: widget.NewEntry(), user: widget.NewEntry(), pass: widget.NewPasswordEntry(),
		message: widget.NewLabel(msg),
	}
	w.url.SetPlaceHolder("https://dna.example.com")
	w.user.SetPlaceHolder("you@example.com")
	w.message.Wrapping = fyne.TextWrapWord
	w.message.Importance = widget.DangerImportance
	w.signIn = widget.NewButtonWithIcon("Sign in", theme.LoginIcon(), func() { u.doSignIn(w) })
	w.signIn.Importance = widget.HighImportance
	w.pass.OnSubmitted = func(string) { u.doSignIn(w) }
	w.demo = widget.NewButtonWithIcon("Try the demo", theme.MediaPlayIcon(), func() { u.doDemo(w) })

	title := widget.NewLabelWithStyle("Sign in to the DNA Platform", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	form := widget.NewForm(
		widget.NewFormItem("Platform address", w.url),
		widget.NewFormItem("Username", w.user),
		widget.NewFormItem("Password", w.pass),
	)
	note := widget.NewLabel("Your password is sent to the platform only. The app keeps your sign-in in the system keyring, never in a file.")
	note.Wrapping = fyne.TextWrapWord
	demoNote := widget.NewLabel("No account at hand? The demo runs a practice platform inside the app, with sample groups and reports.")
	demoNote.Wrapping = fyne.TextWrapWord
	card := widget.NewCard("", "", container.NewVBox(
		title, form, w.signIn, w.message, note, widget.NewSeparator(), demoNote, w.demo,
	))
	u.show(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 520), card)))
	u.win.Canvas().Focus(w.url)
	u.markReady()
}

func (u *UI) doSignIn(w *welcome) {
	url, user, pass := w.url.Text, w.user.Text, w.pass.Text
	if url == "" || user == "" || pass == "" {
		w.message.SetText("Fill in the platform address, your username and your password.")
		return
	}
	u.enter(w, w.signIn, "Signing in…", func(ctx context.Context) error { return u.b.SignIn(ctx, url, user, pass) })
}

func (u *UI) doDemo(w *welcome) {
	u.enter(w, w.demo, "Starting the demo platform…", u.b.StartDemo)
}

// enter runs a way in (sign-in or demo) off the UI thread, with its button
// off meanwhile; it goes on to the first step, or says what went wrong.
func (u *UI) enter(w *welcome, button *widget.Button, busy string, step func(context.Context) error) {
	button.Disable()
	w.message.SetText(busy)
	u.background(func(ctx context.Context) {
		err := step(ctx)
		fyne.Do(func() {
			button.Enable()
			if err != nil {
				w.message.SetText(err.Error())
				return
			}
			u.signedIn()
		})
	})
}
