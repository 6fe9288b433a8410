package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/bridge"
	"github.com/dnaplatform/massuploader/internal/draft"
	"github.com/dnaplatform/massuploader/internal/fixes"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/watch"
)

// preview is step 4: every row, its problems, edits and fixes, and the way to
// submit.
type preview struct {
	u          *UI
	draft      *draft.Draft
	table      *widget.Table
	issues     *widget.List
	summary    *widget.Label
	what       *widget.Label
	banner     *fyne.Container
	fixBar     *fyne.Container
	undo, redo *widget.Button
	save       *widget.Button
	submit     *widget.Button
	changed    *widget.Label // the file changed on disk

	rowIssues  []validate.Issue // the issues of rows and cells, in the list
	shown      []int            // engine row indexes shown, in order
	severity   map[[2]int]string
	errorsOnly bool
	selected   widget.TableCellID
	hasCell    bool
	stopWatch  context.CancelFunc
}

// Table columns: the row number, then the template's fields.
const previewCols = 1 + int(template.NumFields)

func (u *UI) showPreview() {
	c := u.checked
	p := &preview{u: u, draft: c.Draft, severity: map[[2]int]string{},
		summary: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		what:    widget.NewLabel(""), banner: container.NewVBox(), fixBar: container.NewHBox(),
		changed: widget.NewLabel("")}
	if u.stopWatch != nil {
		u.stopWatch()
	}
	u.preview = p
	p.what.Wrapping = fyne.TextWrapWord
	p.changed.Wrapping = fyne.TextWrapWord
	p.changed.Importance = widget.WarningImportance
	p.changed.Hide()

	p.table = widget.NewTable(
		func() (int, int) { return len(p.shown), previewCols },
		func() fyne.CanvasObject {
			return newCell(func(row, col int) {
				p.selected, p.hasCell = widget.TableCellID{Row: row, Col: col}, true
				p.table.Select(p.selected)
				p.editSelected()
			})
		},
		p.updateCell)
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("header", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(columnTitle(id.Col)) }
	p.table.OnSelected = func(id widget.TableCellID) { p.selected, p.hasCell = id, true }
	p.table.SetColumnWidth(0, 56)
	for f, col := range template.Columns {
		p.table.SetColumnWidth(f+1, float32(col.Width)*7+24)
	}
	p.issues = widget.NewList(
		func() int { return len(p.rowIssues) },
		func() fyne.CanvasObject { return truncatedLabel("row 10 · C · invalid_email — message") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			is := p.rowIssues[i]
			l := o.(*widget.Label)
			l.SetText(fmt.Sprintf("Row %d · %s · %s", is.Row, is.Column, is.Message))
			l.Importance = widget.WarningImportance
			if is.Severity == validate.Error {
				l.Importance = widget.DangerImportance
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
	edit := widget.NewButtonWithIcon("Edit cell", theme.DocumentCreateIcon(), p.editSelected)
	p.undo = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() { p.step(p.draft.Undo) })
	p.redo = widget.NewButtonWithIcon("Redo", theme.ContentRedoIcon(), func() { p.step(p.draft.Redo) })
	p.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { p.saveTo("") })
	saveAs := widget.NewButtonWithIcon("Save as…", theme.DocumentSaveIcon(), func() {
		u.files.Save(strings.TrimSuffix(filepath.Base(c.Path), filepath.Ext(c.Path))+" (fixed).xlsx", func(path string) {
			if path != "" {
				p.saveTo(path)
			}
		})
	})
	mark := widget.NewButtonWithIcon("Export with problems marked…", theme.DocumentPrintIcon(), p.exportMarked)
	tidy := widget.NewButtonWithIcon("Tidy", theme.ContentClearIcon(), p.tidy)
	p.submit = widget.NewButtonWithIcon("Submit", theme.UploadIcon(), func() {
		p.stop()
		u.submitChecked()
	})
	p.submit.Importance = widget.HighImportance

	head := container.NewVBox(
		container.NewHBox(widget.NewLabel(filepath.Base(c.Path)+" for "+c.Group.Name), layoutSpacer(), onlyErrors, recheck),
		container.NewHBox(edit, p.undo, p.redo, p.save, saveAs, mark, tidy),
		p.summary, p.changed, p.banner)
	issuesPane := container.NewBorder(widget.NewLabelWithStyle("Problems", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.fixBar, nil, nil, p.issues)
	split := container.NewVSplit(p.table, issuesPane)
	split.Offset = 0.6
	content := container.NewBorder(head, container.NewBorder(nil, nil, nil, p.submit, p.what), nil, nil, split)
	u.show(u.frame(3, content, func() { p.stop(); u.showFileStep() }, nil))
	p.recompute()
	u.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			p.editSelected()
		case fyne.KeyEscape:
			p.stop()
			u.showFileStep()
		}
	})
	p.watchFile()
}

// recompute rebuilds everything shown from the check's issues.
func (p *preview) recompute() {
	c := p.u.checked
	p.rowIssues = p.rowIssues[:0]
	p.severity = map[[2]int]string{}
	p.banner.RemoveAll()
	fieldOf := map[string]int{}
	if c.Engine != nil {
		for f, letter := range c.Engine.Header().Cols {
			if letter != "" {
				fieldOf[letter] = f
			}
		}
	}
	for _, is := range c.Issues {
		if is.Row == 0 || is.Row == 1 && is.Column == "" {
			l := widget.NewLabel(strings.ToUpper(is.Severity[:1]) + is.Severity[1:] + ": " + is.Message)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			if is.Severity == validate.Error {
				l.Importance = widget.DangerImportance
			}
			p.banner.Add(l)
			continue
		}
		p.rowIssues = append(p.rowIssues, is)
		if c.Engine == nil {
			continue
		}
		i, ok := c.Engine.IndexOf(is.Row)
		f, known := fieldOf[is.Column]
		if ok && known && p.severity[[2]int{i, f}] != validate.Error {
			p.severity[[2]int{i, f}] = is.Severity
		}
	}
	p.filter()
	p.summary.SetText(summaryText(c.Engine, c.Counts))
	p.what.SetText(p.u.whatWillHappen())
	setEnabled(p.submit, c.Engine != nil && c.Counts.Errors == 0)
	setEnabled(p.undo, p.draft.CanUndo())
	setEnabled(p.redo, p.draft.CanRedo())
	setEnabled(p.save, p.draft.Dirty())
	p.fixBar.RemoveAll()
	p.table.Refresh()
	p.issues.UnselectAll()
	p.issues.Refresh()
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func columnTitle(col int) string {
	if col == 0 {
		return "Row"
	}
	c := template.Columns[col-1]
	return c.Letter + "  " + c.Header
}

func summaryText(e *validate.Engine, n validate.Counts) string {
	rows, removed := 0, 0
	if e != nil {
		rows = e.Active()
		removed = e.Len() - rows
	}
	s := fmt.Sprintf("%s · %s", plural(rows, "row", "rows"), plural(n.Errors, "error", "errors"))
	if removed > 0 {
		s = fmt.Sprintf("%s (%d removed) · %s", plural(rows, "row", "rows"), removed, plural(n.Errors, "error", "errors"))
	}
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
		return "Fix the problems marked in red — here (select a cell and press Enter, or use a suggested fix) or in the file — then submit. Nothing is sent while errors remain."
	}
	g := c.Group
	s := fmt.Sprintf("%s will be created in %s; invitations go out as \"%s\"; alerts to %s.",
		plural(c.Engine.Active(), "client", "clients"), g.Name, g.InvitationEmail.Subject, strings.Join(g.CompletionAlertEmails, ", "))
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
	for _, is := range p.rowIssues {
		if i, ok := e.IndexOf(is.Row); ok && is.Severity == validate.Error {
			withErrors[i] = true
		}
	}
	for i := range e.Len() {
		if !e.Removed(i) && (!p.errorsOnly || withErrors[i]) {
			p.shown = append(p.shown, i)
		}
	}
}

func (p *preview) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	c.row, c.col = id.Row, id.Col
	bg, l := c.bg, c.label
	if id.Row >= len(p.shown) {
		return
	}
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

// goToIssue scrolls to an issue's cell, selects it, and offers its fix.
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
			p.selected, p.hasCell = cell, true
		}
	}
	p.offerFix(is, i)
}

func (p *preview) offerFix(is validate.Issue, i int) {
	p.fixBar.RemoveAll()
	fx, ok := fixes.For(is, p.u.checked.Engine.Row(i))
	if !ok {
		return
	}
	p.fixBar.Add(widget.NewLabel("Suggested: " + fx.Label))
	p.fixBar.Add(widget.NewButtonWithIcon("Apply", theme.ConfirmIcon(), func() { p.applyFix(fx) }))
	if fx.Certain {
		kind := fx.Kind
		p.fixBar.Add(widget.NewButton("Fix all of this kind", func() { p.fixAll(kind) }))
	}
}

// applyFix shows a fix and applies it, as ordinary undoable edits.
func (p *preview) applyFix(fx fixes.Fix) {
	var lines []string
	e := p.u.checked.Engine
	for _, ch := range fx.Changes {
		i, _ := e.IndexOf(ch.Row)
		r := e.Row(i)
		if ch.Remove {
			lines = append(lines, fmt.Sprintf("Row %d (%s %s, %s) is removed from the import, and from the file when you save.",
				ch.Row, r.Cells[template.FirstName].Value, r.Cells[template.LastName].Value, r.Cells[template.Email].Value))
			continue
		}
		lines = append(lines, fmt.Sprintf("Row %d, %s: \"%s\" becomes \"%s\"", ch.Row, ch.Field.Header(), r.Cells[ch.Field].Value, ch.New))
	}
	confirm(p.u.win, fx.Label, strings.Join(lines, "\n"), "Apply", func() {
		p.apply(fx.Changes)
		p.edited()
	})
}

// fixAll applies every certain fix of one kind, after showing how many.
func (p *preview) fixAll(kind string) {
	e := p.u.checked.Engine
	var all []fixes.Change
	for _, is := range p.rowIssues {
		i, ok := e.IndexOf(is.Row)
		if !ok {
			continue
		}
		if fx, ok := fixes.For(is, e.Row(i)); ok && fx.Kind == kind && fx.Certain {
			all = append(all, fx.Changes...)
		}
	}
	what := plural(len(all), "cell", "cells") + " will change"
	if kind == fixes.RemoveExisting {
		what = plural(len(all), "row", "rows") + " will be removed"
	}
	confirm(p.u.win, "Fix all of this kind", what+". Each change can be undone.", "Fix all", func() {
		p.apply(all)
		p.edited()
	})
}

// apply makes fix changes as draft edits.
func (p *preview) apply(changes []fixes.Change) {
	e := p.u.checked.Engine
	for _, ch := range changes {
		if ch.Remove {
			p.draft.RemoveRow(e, ch.Row)
		} else {
			p.draft.Apply(e, ch.Row, ch.Field, ch.New)
		}
	}
}

// tidy collapses runs of spaces in names, lower-cases e-mail domains and
// writes languages as codes in every row, after showing how many cells change.
func (p *preview) tidy() {
	e := p.u.checked.Engine
	if e == nil {
		return
	}
	var all []fixes.Change
	for i := range e.Len() {
		for _, fx := range fixes.Tidy(e.Row(i)) {
			all = append(all, fx.Changes...)
		}
	}
	if len(all) == 0 {
		p.changed.SetText("Nothing to tidy: no double spaces in names, no capitals in e-mail domains, languages already as codes.")
		p.changed.Importance = widget.MediumImportance
		p.changed.Show()
		return
	}
	confirm(p.u.win, "Tidy spaces, domains and languages", fmt.Sprintf("%s will change. Each change can be undone.", plural(len(all), "cell", "cells")), "Apply", func() {
		p.apply(all)
		p.edited()
	})
}

// editSelected opens an editor for the selected cell.
func (p *preview) editSelected() {
	if !p.hasCell || p.selected.Col == 0 || p.selected.Row >= len(p.shown) {
		return
	}
	e := p.u.checked.Engine
	row := e.Row(p.shown[p.selected.Row])
	f := template.Field(p.selected.Col - 1)
	entry := widget.NewEntry()
	entry.SetText(row.Cells[f].Value)
	d := dialog.NewForm(fmt.Sprintf("Row %d · %s", row.Line, f.Header()), "Change", "Cancel",
		[]*widget.FormItem{widget.NewFormItem(f.Header(), entry)}, func(ok bool) {
			if ok {
				p.setCell(row.Line, f, entry.Text)
			}
		}, p.u.win)
	d.Resize(fyne.NewSize(520, 180))
	d.Show()
	p.u.win.Canvas().Focus(entry)
}

// setCell edits one cell and re-checks what it touches.
func (p *preview) setCell(line int, f template.Field, value string) {
	if _, err := p.draft.Apply(p.u.checked.Engine, line, f, value); err != nil {
		showError(p.u.win, "Not changed", err)
		return
	}
	p.edited()
}

func (p *preview) step(fn func(*validate.Engine) ([]int, bool)) {
	if _, ok := fn(p.u.checked.Engine); ok {
		p.edited()
	}
}

// edited re-checks after a change and keeps the draft.
func (p *preview) edited() {
	c := p.u.checked
	c.Refresh()
	p.recompute()
	d := p.draft
	p.u.background(func(ctx context.Context) { _ = p.u.b.KeepDraft(ctx, c, d) })
}

func (p *preview) saveTo(target string) {
	c, d := p.u.checked, p.draft
	p.u.background(func(ctx context.Context) {
		path, err := p.u.b.SaveEdits(ctx, c, d, target)
		fyne.Do(func() {
			switch {
			case errors.Is(err, bridge.ErrChangedOnDisk):
				p.conflict()
			case err != nil:
				showError(p.u.win, "Not saved", err)
			case path == c.Path:
				// Read the saved file again: row numbers move when rows were
				// removed, and what is submitted must match the file.
				p.stop()
				p.u.recheckKeeping(path, p.selected, p.hasCell, "Saved to "+path+".")
			default:
				p.changed.SetText("Saved to " + path + ".")
				p.changed.Importance = widget.SuccessImportance
				p.changed.Show()
				p.recompute()
			}
		})
	})
}

// conflict: the file changed on disk and edits would overwrite someone's work.
func (p *preview) conflict() {
	msg := "The file was changed on disk since it was opened (saved in Excel?). Saving here would overwrite that change, so nothing was written. " +
		"Reload it (your edits here are dropped), or save your version as a new file."
	d := dialog.NewCustomConfirm("The file changed on disk", "Save as new file…", "Reload", wrappedLabel(msg), func(saveAs bool) {
		if saveAs {
			c := p.u.checked
			p.u.files.Save(strings.TrimSuffix(filepath.Base(c.Path), filepath.Ext(c.Path))+" (my edits).xlsx", func(path string) {
				if path != "" {
					p.saveTo(path)
				}
			})
			return
		}
		p.stop()
		p.u.checkFile(p.u.checked.Path)
	}, p.u.win)
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// truncatedLabel is a list row's label: one line, cut with an ellipsis.
func truncatedLabel(sample string) *widget.Label {
	l := widget.NewLabel(sample)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (p *preview) exportMarked() {
	c := p.u.checked
	name := strings.TrimSuffix(filepath.Base(c.Path), filepath.Ext(c.Path)) + " - problems marked.xlsx"
	p.u.files.Save(name, func(path string) {
		if path == "" {
			return
		}
		p.u.background(func(context.Context) {
			err := p.u.b.ExportAnnotated(c, path)
			fyne.Do(func() {
				if err != nil {
					showError(p.u.win, "Not exported", err)
					return
				}
				p.changed.SetText("Exported with the problems marked: " + path)
				p.changed.Importance = widget.SuccessImportance
				p.changed.Show()
			})
		})
	})
}

// watchFile re-checks the file when it is saved again elsewhere (Excel,
// LibreOffice), keeping the selection; with edits pending here, it says so
// instead of dropping them.
func (p *preview) watchFile() {
	if p.u.inline {
		return // UI tests call fileChanged themselves; internal/watch has its own tests
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.stopWatch = cancel
	p.u.stopWatch = cancel
	if err := watch.File(ctx, p.u.checked.Path, func() { fyne.Do(p.fileChanged) }); err != nil {
		p.stopWatch = nil
	}
}

// fileChanged reacts to the file being saved elsewhere.
func (p *preview) fileChanged() {
	if p.u.preview != p {
		return
	}
	if p.draft.Dirty() {
		p.changed.SetText("The file was saved elsewhere while you have edits here. Save as a new file to keep them, or Re-check to load the file and drop them.")
		p.changed.Importance = widget.WarningImportance
		p.changed.Show()
		return
	}
	p.u.recheckKeeping(p.u.checked.Path, p.selected, p.hasCell, "The file was saved elsewhere; it was read and checked again.")
}

func (p *preview) stop() {
	if p.stopWatch != nil {
		p.stopWatch()
		p.stopWatch = nil
	}
}

// recheckKeeping reads the file again and shows it with the same cell selected.
func (u *UI) recheckKeeping(path string, cell widget.TableCellID, selected bool, note string) {
	g := u.group
	u.background(func(ctx context.Context) {
		checked, err := u.b.Check(ctx, path, g)
		fyne.Do(func() {
			if err != nil {
				return
			}
			u.checked = checked
			u.showPreview()
			if note != "" {
				u.preview.changed.SetText(note)
				u.preview.changed.Importance = widget.SuccessImportance
				u.preview.changed.Show()
			}
			if selected && cell.Row < len(u.preview.shown) {
				u.preview.table.Select(cell)
				u.preview.selected, u.preview.hasCell = cell, true
			}
		})
	})
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
