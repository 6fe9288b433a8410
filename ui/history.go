package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/export"
	"github.com/dnaplatform/massuploader/internal/fileurl"
	"github.com/dnaplatform/massuploader/internal/outbox"
)

// showHistory lists past and pending submissions.
func (u *UI) showHistory() {
	var subs []outbox.Submission
	list := widget.NewList(
		func() int { return len(subs) },
		func() fyne.CanvasObject {
			return truncatedLabel("2026-11-24 10:00 · file.xlsx to group · finished · 12 created")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := subs[i]
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
		})
	list.OnSelected = func(i widget.ListItemID) {
		s := subs[i]
		path := export.ResultsPath(s.FilePath)
		_ = u.app.OpenURL(fileurl.FromPath(path))
	}
	note := widget.NewLabel("Select an import to open its results workbook (written beside the source file).")
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), u.showGroups)
	u.show(container.NewBorder(container.NewVBox(widget.NewLabelWithStyle("History", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), note),
		container.NewHBox(back), nil, nil, list))
	u.background(func(ctx context.Context) {
		found, err := u.b.History(ctx)
		fyne.Do(func() {
			if err != nil {
				note.SetText(err.Error())
				return
			}
			subs = found
			if len(subs) == 0 {
				note.SetText("Nothing submitted yet.")
			}
			list.Refresh()
		})
	})
}
