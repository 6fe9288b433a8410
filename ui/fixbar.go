package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
)

// offerFix shows the suggested fix of an issue under the problem list.
func (p *preview) offerFix(is app.Issue) {
	p.fixBar.RemoveAll()
	fx, ok := p.c.FixFor(is)
	if !ok {
		return
	}
	p.fixBar.Add(widget.NewLabel("Suggested: " + fx.Label))
	p.fixBar.Add(&widget.Button{Text: "Apply", Icon: theme.ConfirmIcon(), OnTapped: func() { p.applyFix(fx) }})
	if fx.Certain {
		kind := fx.Kind
		p.fixBar.Add(&widget.Button{Text: "Fix all of this kind", OnTapped: func() { p.fixAll(kind) }})
	}
}

// applyFix shows a fix and applies it, as ordinary undoable edits.
func (p *preview) applyFix(fx app.Fix) {
	var lines []string
	for _, ch := range fx.Changes {
		lines = append(lines, p.c.Describe(ch))
	}
	p.confirmChanges(fx.Label, strings.Join(lines, "\n"), "Apply", fx.Changes)
}

// fixAll applies every certain fix of one kind, after showing how many.
func (p *preview) fixAll(kind string) {
	all := p.c.FixAll(kind)
	what := app.Plural(len(all), "cell", "cells") + " will change"
	if kind == app.RemoveExisting {
		what = app.Plural(len(all), "row", "rows") + " will be removed"
	}
	p.confirmChanges("Fix all of this kind", what+". Each change can be undone.", "Fix all", all)
}

// tidy collapses runs of spaces in names, lower-cases e-mail domains and
// writes languages as codes in every row, after showing how many cells change.
func (p *preview) tidy() {
	if p.c.Engine == nil {
		return
	}
	all := p.c.Tidy()
	if len(all) == 0 {
		p.note("Nothing to tidy: no double spaces in names, no capitals in e-mail domains, languages already as codes.", widget.MediumImportance)
		return
	}
	p.confirmChanges("Tidy spaces, domains and languages", fmt.Sprintf("%s will change. Each change can be undone.", app.Plural(len(all), "cell", "cells")), "Apply", all)
}

// confirmChanges asks, then makes the changes as draft edits.
func (p *preview) confirmChanges(title, message, ok string, changes []app.Change) {
	confirm(p.u.win, title, message, ok, func() {
		p.c.Apply(changes)
		p.edited()
	})
}
