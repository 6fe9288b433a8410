package ui

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// preview is step 4: every row, its problems, and the way to submit.
type preview struct {
	u          *UI
	table      *widget.Table
	issues     *widget.List
	rowIssues  []validate.Issue // the issues of rows and cells, in the list
	shown      []int            // engine row indexes shown, in order
	severity   map[[2]int]string
	errorsOnly bool
	submit     *widget.Button
}

// Table columns: the row number, then the template's fields.
const previewCols = 1 + int(template.NumFields)

func (u *UI) showPreview() {
	c := u.checked
	p := &preview{u: u, severity: map[[2]int]string{}}
	var banner []fyne.CanvasObject
	for _, is := range c.Issues {
		if is.Row <= 1 && is.Column == "" || is.Row == 0 {
			l := widget.NewLabel(strings.ToUpper(is.Severity[:1]) + is.Severity[1:] + ": " + is.Message)
			l.Wrapping = fyne.TextWrapWord
			if is.Severity == validate.Error {
				l.Importance = widget.DangerImportance
			} else {
				l.Importance = widget.WarningImportance
			}
			banner = append(banner, l)
			continue
		}
		p.rowIssues = append(p.rowIssues, is)
	}
	if c.Engine != nil {
		fieldOf := map[string]int{}
		for f, letter := range c.Engine.Header().Cols {
			if letter != "" {
				fieldOf[letter] = f
			}
		}
		for _, is := range p.rowIssues {
			i, ok := c.Engine.IndexOf(is.Row)
			f, known := fieldOf[is.Column]
			if !ok || !known {
				continue
			}
			key := [2]int{i, f}
			if p.severity[key] != validate.Error {
				p.severity[key] = is.Severity
			}
		}
	}
	p.filter()
	p.table = widget.NewTable(
		func() (int, int) { return len(p.shown), previewCols },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(color.Transparent)
			l := widget.NewLabel("template cell value")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(bg, l)
		},
		p.updateCell)
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("header", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(columnTitle(id.Col))
	}
	p.table.SetColumnWidth(0, 56)
	for f, col := range template.Columns {
		p.table.SetColumnWidth(f+1, float32(col.Width)*7+24)
	}
	p.issues = widget.NewList(
		func() int { return len(p.rowIssues) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("row 10 · C · invalid_email — message")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			is := p.rowIssues[i]
			l := o.(*widget.Label)
			l.SetText(fmt.Sprintf("Row %d · %s · %s", is.Row, is.Column, is.Message))
			if is.Severity == validate.Error {
				l.Importance = widget.DangerImportance
			} else {
				l.Importance = widget.WarningImportance
			}
			l.Refresh()
		})
	p.issues.OnSelected = p.goToIssue

	onlyErrors := widget.NewCheck("Rows with errors only", func(on bool) {
		p.errorsOnly = on
		p.filter()
		p.table.Refresh()
	})
	recheck := widget.NewButtonWithIcon("Re-check", theme.ViewRefreshIcon(), func() { u.checkFile(c.Path) })
	p.submit = widget.NewButtonWithIcon("Submit", theme.UploadIcon(), func() { u.submitChecked() })
	p.submit.Importance = widget.HighImportance
	if c.Engine == nil || c.Counts.Errors > 0 {
		p.submit.Disable()
	}
	summary := widget.NewLabelWithStyle(summaryText(c.Engine, c.Counts), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	what := widget.NewLabel(u.whatWillHappen())
	what.Wrapping = fyne.TextWrapWord
	head := container.NewVBox(
		container.NewHBox(widget.NewLabel(filepath.Base(c.Path)+" → "+c.Group.Name), layoutSpacer(), onlyErrors, recheck),
		summary)
	for _, b := range banner {
		head.Add(b)
	}
	issuesPane := container.NewBorder(widget.NewLabelWithStyle(fmt.Sprintf("Problems (%d)", len(p.rowIssues)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, p.issues)
	split := container.NewVSplit(p.table, issuesPane)
	split.Offset = 0.62
	foot := container.NewBorder(nil, nil, nil, p.submit, what)
	content := container.NewBorder(head, foot, nil, nil, split)
	u.show(u.frame(3, content, u.showFileStep, nil))
}

func columnTitle(col int) string {
	if col == 0 {
		return "Row"
	}
	c := template.Columns[col-1]
	return c.Letter + "  " + c.Header
}

func summaryText(e *validate.Engine, n validate.Counts) string {
	rows := 0
	if e != nil {
		rows = e.Len()
	}
	s := fmt.Sprintf("%s · %s", plural(rows, "row", "rows"), plural(n.Errors, "error", "errors"))
	if n.RowsWithErrors > 0 {
		s += " in " + plural(n.RowsWithErrors, "row", "rows")
	}
	return s + " · " + plural(n.Warnings, "warning", "warnings")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (u *UI) whatWillHappen() string {
	c := u.checked
	if c.Engine == nil {
		return "Choose another file, or fix this one and press Re-check."
	}
	if c.Counts.Errors > 0 {
		return "Fix the problems marked in red in the file, save it, and press Re-check. Nothing is sent while errors remain."
	}
	g := c.Group
	s := fmt.Sprintf("%s will be created in %s; invitations go out as \"%s\"; alerts to %s.",
		plural(c.Engine.Len(), "client", "clients"), g.Name, g.InvitationEmail.Subject, strings.Join(g.CompletionAlertEmails, ", "))
	if c.Offline {
		s += " The platform cannot be reached now: the import waits in the outbox and goes when it can."
	}
	return s
}

func (p *preview) filter() {
	p.shown = p.shown[:0]
	e := p.u.checked.Engine
	if e == nil {
		return
	}
	withErrors := map[int]bool{}
	for key, sev := range p.severity {
		if sev == validate.Error {
			withErrors[key[0]] = true
		}
	}
	for _, is := range p.rowIssues {
		if i, ok := e.IndexOf(is.Row); ok && is.Severity == validate.Error {
			withErrors[i] = true
		}
	}
	for i := range e.Len() {
		if !p.errorsOnly || withErrors[i] {
			p.shown = append(p.shown, i)
		}
	}
}

func (p *preview) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg, l := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*widget.Label)
	i := p.shown[id.Row]
	row := p.u.checked.Engine.Row(i)
	bg.FillColor = color.Transparent
	if id.Col == 0 {
		l.SetText(fmt.Sprint(row.Line))
	} else {
		f := id.Col - 1
		l.SetText(row.Cells[f].Value)
		v := fyne.CurrentApp().Settings().ThemeVariant()
		switch p.severity[[2]int{i, f}] {
		case validate.Error:
			bg.FillColor = withAlpha(theme.Current().Color(theme.ColorNameError, v), 0x55)
		case validate.Warning:
			bg.FillColor = withAlpha(theme.Current().Color(theme.ColorNameWarning, v), 0x55)
		}
	}
	bg.Refresh()
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// goToIssue scrolls to an issue's cell and selects it.
func (p *preview) goToIssue(n widget.ListItemID) {
	is := p.rowIssues[n]
	e := p.u.checked.Engine
	if e == nil {
		return
	}
	i, ok := e.IndexOf(is.Row)
	if !ok {
		return
	}
	col := 0
	for f, letter := range e.Header().Cols {
		if letter == is.Column && letter != "" {
			col = f + 1
		}
	}
	for r, idx := range p.shown {
		if idx == i {
			cell := widget.TableCellID{Row: r, Col: col}
			p.table.ScrollTo(cell)
			p.table.Select(cell)
			return
		}
	}
}

// submitChecked puts the file in the outbox and shows its progress.
func (u *UI) submitChecked() {
	c := u.checked
	u.background(func(ctx context.Context) {
		id, err := u.b.Enqueue(ctx, c)
		fyne.Do(func() {
			if err != nil {
				showError(u.win, "Not submitted", err)
				return
			}
			u.showProgress(id, c.Path)
		})
	})
}
