// Package ui holds the Fyne screens of the Mass Client Uploader; it shows what
// internal/app computes and forwards what the user asks for. Work happens
// off the UI thread; results come back through one fyne.Do each.
package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
)

// Options are the app's start-up choices.
type Options struct {
	Demo  bool        // start on the in-process sandbox, signed in as the demo account
	App   *app.App    // the application core; required
	Files FileDialogs // nil: Fyne's own dialogs
	// Ready is called on the UI thread once the first screen after start-up
	// shows (tests wait on it).
	Ready func()
	// Inline runs background work on the calling goroutine: UI tests drive the
	// screens step by step, deterministically. The app leaves it false.
	Inline bool
}

// UI is the main window's controller.
type UI struct {
	app   fyne.App
	win   fyne.Window
	b     *app.App
	files FileDialogs

	body   *fyne.Container
	status *widget.Label

	groups  []app.Group
	group   app.Group
	reports []app.Report
	checked *app.Checked
	preview *preview
	retryOf int64 // the submission whose retry file is being opened
	// stopWatch ends watching the file of the preview on screen.
	stopWatch context.CancelFunc

	// sending is the number of submissions this window is sending (a quit
	// asks first while it is above zero).
	sending int
	ready   func()
	async   func(func())
	inline  bool
}

// Create builds the main window's content for app a in window w.
func Create(a fyne.App, w fyne.Window, opts Options) *UI {
	u := &UI{app: a, win: w, b: opts.App, files: opts.Files, ready: opts.Ready,
		body: container.NewStack(), status: widget.NewLabel(""), async: func(f func()) { go f() }}
	if opts.Inline {
		u.async = func(f func()) { f() }
		u.inline = true
	}
	if u.files == nil {
		u.files = systemDialogs(w)
	}
	u.status.Truncation = fyne.TextTruncateEllipsis
	w.SetTitle("Mass Client Uploader")
	w.SetContent(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), u.status), nil, nil, u.body))
	w.Resize(u.savedSize())
	w.SetCloseIntercept(u.confirmQuit)
	w.SetOnDropped(u.dropped)
	u.show(container.NewCenter(container.NewVBox(widget.NewProgressBarInfinite(), widget.NewLabel("Starting…"))))
	u.async(func() { u.start(opts.Demo) })
	if !opts.Inline {
		go u.refreshStatusEvery(3 * time.Second)
	}
	return u
}

func (u *UI) start(demo bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if demo {
		err := u.b.StartDemo(ctx)
		fyne.Do(func() {
			if err != nil {
				u.showWelcome(err.Error())
				return
			}
			u.signedIn()
		})
		return
	}
	ok, err := u.b.Resume(ctx)
	fyne.Do(func() {
		if ok {
			u.signedIn()
			return
		}
		msg := ""
		if err != nil {
			msg = app.Explain(err).Error()
		}
		u.showWelcome(msg)
	})
}

func (u *UI) show(o fyne.CanvasObject) {
	u.body.Objects = []fyne.CanvasObject{o}
	u.body.Refresh()
}

func (u *UI) markReady() {
	if u.ready != nil {
		r := u.ready
		u.ready = nil
		r()
	}
}

// signedIn goes to the first step and sends what waits in the outbox.
func (u *UI) signedIn() {
	u.refreshStatus()
	u.showGroups()
	u.async(u.resumeOutbox)
}

func (u *UI) refreshStatusEvery(d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for range t.C {
		u.refreshStatus()
	}
}

// refreshStatus recomputes the status strip off the UI thread.
func (u *UI) refreshStatus() {
	u.background(func(ctx context.Context) {
		s := u.b.Status(ctx)
		fyne.Do(func() { u.status.SetText(statusText(s, time.Now())) })
	})
}

func statusText(s app.Status, now time.Time) string {
	if !s.SignedIn {
		return "Not signed in"
	}
	who := "Signed in as " + s.Who
	if s.Demo {
		who += " (demo platform)"
	} else {
		who += " on " + s.Platform
	}
	net := "Online"
	if !s.Online {
		net = "Offline since " + s.OfflineSince.Local().Format("15:04") + " — working from saved data"
	}
	if !s.DataFetchedAt.IsZero() {
		net += " · data from " + ageText(now.Sub(s.DataFetchedAt)) + " ago"
	}
	out := "Outbox empty"
	if s.Outbox > 0 {
		out = fmt.Sprintf("Outbox: %d waiting", s.Outbox)
	}
	text := who + "  ·  " + net + "  ·  " + out
	if s.KeyringNote != "" {
		text += "  ·  " + s.KeyringNote
	}
	return text
}

func (u *UI) confirmQuit() {
	quit := func() {
		u.saveSize()
		u.win.Close()
	}
	if u.sending == 0 {
		quit()
		return
	}
	confirm(u.win, "Quit while sending?",
		"An import is still being sent. Quitting is safe: it waits in the outbox and continues the next time you start the app.",
		"Quit", quit)
}

// The window's size is remembered in the app's preferences (no secret there).
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	minWidth   = 900
	minHeight  = 600
)

func (u *UI) savedSize() fyne.Size {
	p := u.app.Preferences()
	w := max(float32(p.FloatWithFallback(prefWidth, 1100)), minWidth)
	h := max(float32(p.FloatWithFallback(prefHeight, 720)), minHeight)
	return fyne.NewSize(w, h)
}

func (u *UI) saveSize() {
	size := u.win.Canvas().Size()
	if size.Width >= minWidth && size.Height >= minHeight {
		u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
	}
}
