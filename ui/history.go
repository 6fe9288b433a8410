package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/fileurl"
)

// historyList is the history's model: past and pending submissions.
type historyList struct{ subs []app.Submission }

// Length is how many submissions are listed.
func (m *historyList) Length() int { return len(m.subs) }

// CreateItem makes a one-line row.
func (*historyList) CreateItem() fyne.CanvasObject {
	return truncatedLabel("2026-11-24 10:00 · file.xlsx to group · finished · 12 created")
}

// UpdateItem says a submission: when, what, where, and how it went.
func (m *historyList) UpdateItem(i widget.ListItemID, o fyne.CanvasObject) {
	s := m.subs[i]
	rows, _, created, failed := s.Totals()
	state := "finished"
	if !s.Finished() {
		state = "waiting in the outbox"
	}
	text := fmt.Sprintf("%s · %s to %s · %s · %d rows: %d created, %d not created",
		s.CreatedAt.Local().Format("2006-01-02 15:04"), s.FileName, s.GroupName, state, rows, created, failed)
	if s.RetryOf != 0 {
		text += fmt.Sprintf(" · retry of #%d", s.RetryOf)
	}
	o.(*widget.Label).SetText(fmt.Sprintf("#%d · ", s.ID) + text)
}

// showHistory lists past and pending submissions.
func (u *UI) showHistory() {
	m := &historyList{}
	list := &widget.List{Length: m.Length, CreateItem: m.CreateItem, UpdateItem: m.UpdateItem,
		OnSelected: func(i widget.ListItemID) {
			path := app.ResultsPath(m.subs[i].FilePath)
			_ = u.app.OpenURL(fileurl.FromPath(path))
		}}
	note := widget.NewLabel("Select an import to open its results workbook (written beside the source file).")
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), u.showGroups)
	u.show(container.NewBorder(container.NewVBox(widget.NewLabelWithStyle("History", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), note),
		container.NewHBox(back), nil, nil, list))
	u.background(func(ctx context.Context) {
		found, err := u.b.History(ctx, 100)
		fyne.Do(func() {
			if err != nil {
				note.SetText(err.Error())
				return
			}
			m.subs = found
			if len(found) == 0 {
				note.SetText("Nothing submitted yet.")
			}
			list.Refresh()
		})
	})
}
