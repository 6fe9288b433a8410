package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/fileurl"
)

// progressView follows one submission to its end.
type progressView struct {
	bar     *widget.ProgressBar
	counts  *widget.Label
	message *widget.Label
	rows    *widget.List
	results []app.RowResult
	actions *fyne.Container
	started time.Time
	last    time.Time
}

// showProgress shows a submission's progress and sends it; sending goes on if
// the user leaves this screen.
func (u *UI) showProgress(id int64, source string) {
	v := &progressView{
		bar: widget.NewProgressBar(), counts: widget.NewLabel("Waiting to send…"), message: widget.NewLabel(""),
		actions: container.NewHBox(), started: time.Now(),
	}
	v.message.Wrapping = fyne.TextWrapWord
	v.rows = &widget.List{Length: v.Length, CreateItem: v.CreateItem, UpdateItem: v.UpdateItem}
	title := widget.NewLabelWithStyle("Submitting "+filepath.Base(source)+" to "+u.group.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewVBox(title, v.bar, v.counts, v.message)
	newImport := widget.NewButtonWithIcon("New import", theme.ContentAddIcon(), u.showGroups)
	u.show(u.frame(3, container.NewBorder(head, container.NewHBox(v.actions, layoutSpacer(), newImport), nil, nil, v.rows), nil, nil))
	u.sending++
	u.async(func() { u.send(id, v) })
}

// Length is how many rows the submission has.
func (v *progressView) Length() int { return len(v.results) }

// CreateItem makes a one-line row.
func (*progressView) CreateItem() fyne.CanvasObject {
	return truncatedLabel("Row 10 · created · client id")
}

// UpdateItem says how a row went: created, pending, or why not.
func (v *progressView) UpdateItem(i widget.ListItemID, o fyne.CanvasObject) {
	r := v.results[i]
	l := o.(*widget.Label)
	switch r.Status {
	case app.RowCreated:
		l.SetText(fmt.Sprintf("Row %d · created · %s %s · %s", r.Row, first(r.Original, 0), first(r.Original, 1), r.ClientID))
		l.Importance = widget.SuccessImportance
	case app.RowPending:
		l.SetText(fmt.Sprintf("Row %d · pending · %s %s", r.Row, first(r.Original, 0), first(r.Original, 1)))
		l.Importance = widget.MediumImportance
	default:
		l.SetText(fmt.Sprintf("Row %d · %s · %s", r.Row, r.Status, r.ErrorMessage))
		l.Importance = widget.DangerImportance
	}
	l.Refresh()
}

func first(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// send runs the submission; events reach the view at most ten times a second.
func (u *UI) send(id int64, v *progressView) {
	ctx := context.Background()
	sub, err := u.b.Send(ctx, id, func(e app.Event) {
		now := time.Now()
		if !e.Done && !e.Offline && now.Sub(v.last) < 100*time.Millisecond {
			return
		}
		v.last = now
		results, _ := u.b.Results(ctx, id)
		fyne.Do(func() { v.update(e, results) })
	})
	results, _ := u.b.Results(ctx, id)
	var out app.Outcome
	if err == nil {
		out = u.b.WriteOutcome(ctx, sub, "")
	}
	resultsPath, retryPath, werr := out.Results, out.Retry, out.Err()
	fyne.Do(func() {
		u.sending--
		u.refreshStatus()
		v.results = results
		v.rows.Refresh()
		if err != nil {
			v.message.SetText("Stopped: " + err.Error())
			return
		}
		_, _, created, failed := sub.Totals()
		v.bar.SetValue(1)
		v.counts.SetText(fmt.Sprintf("Done: %d created, %d not created, in %s.", created, failed, time.Since(v.started).Round(time.Second)))
		v.message.SetText(fmt.Sprintf("Invitations are on their way from %s. Completion alerts were sent to the group's addresses.", sub.GroupName))
		if werr != nil {
			v.message.SetText(v.message.Text + " The results workbook could not be written: " + werr.Error())
		}
		u.app.SendNotification(fyne.NewNotification("Import finished",
			fmt.Sprintf("%s: %d created, %d not created.", sub.GroupName, created, failed)))
		if resultsPath != "" {
			v.actions.Add(widget.NewButtonWithIcon("Open results", theme.FileIcon(), func() {
				_ = u.app.OpenURL(fileurl.FromPath(resultsPath))
			}))
		}
		if retryPath != "" {
			retry := widget.NewButtonWithIcon("Fix and retry failed rows", theme.ViewRefreshIcon(), func() {
				u.retryOf = sub.ID
				u.checkFile(retryPath)
			})
			retry.Importance = widget.HighImportance
			v.actions.Add(retry)
		}
	})
}

func (v *progressView) update(e app.Event, results []app.RowResult) {
	if e.Rows > 0 {
		v.bar.SetValue(float64(e.Processed) / float64(e.Rows))
	}
	text := fmt.Sprintf("%d of %d processed · %d created · %d failed · %s elapsed", e.Processed, e.Rows, e.Created, e.Failed,
		time.Since(v.started).Round(time.Second))
	if e.ETA > 0 {
		text += fmt.Sprintf(" · about %s left", e.ETA)
	}
	v.counts.SetText(text)
	v.message.SetText(e.Message)
	v.results = results
	v.rows.Refresh()
}

// resumeOutbox sends what waits in the outbox (after a crash, or offline).
func (u *UI) resumeOutbox() {
	ids, err := u.b.Unfinished(context.Background())
	if err != nil || len(ids) == 0 {
		return
	}
	for _, id := range ids {
		fyne.Do(func() { u.sending++ })
		_, _ = u.b.Send(context.Background(), id, func(app.Event) {})
		fyne.Do(func() {
			u.sending--
			u.refreshStatus()
		})
	}
}
