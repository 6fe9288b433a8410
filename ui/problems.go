package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
)

// problemList is the problem list's model: the issues of rows and cells.
type problemList struct{ p *preview }

func newProblemList(p *preview) *widget.List {
	m := problemList{p}
	return &widget.List{Length: m.Length, CreateItem: m.CreateItem, UpdateItem: m.UpdateItem, OnSelected: p.goToIssue}
}

// Length is how many problems are listed.
func (m problemList) Length() int { return len(m.p.rowIssues) }

// CreateItem makes a one-line row.
func (problemList) CreateItem() fyne.CanvasObject {
	return truncatedLabel("row 10 · C · invalid_email — message")
}

// UpdateItem shows a problem, red for errors.
func (m problemList) UpdateItem(i widget.ListItemID, o fyne.CanvasObject) {
	is := m.p.rowIssues[i]
	l := o.(*widget.Label)
	l.SetText(fmt.Sprintf("Row %d · %s · %s", is.Row, is.Column, is.Message))
	l.Importance = importanceOf(is.Severity)
	l.Refresh()
}

func importanceOf(severity string) widget.Importance {
	if severity == app.Error {
		return widget.DangerImportance
	}
	return widget.WarningImportance
}

// sortIssues puts the file's issues in the banner and the rows' in the list,
// and colours the cells they sit in.
func (p *preview) sortIssues() {
	p.rowIssues = p.rowIssues[:0]
	p.severity = map[[2]int]string{}
	p.banner.RemoveAll()
	for _, is := range p.c.Issues {
		at := p.c.Locate(is)
		if at.File {
			p.banner.Add(&widget.Label{Text: strings.ToUpper(is.Severity[:1]) + is.Severity[1:] + ": " + is.Message,
				Wrapping: fyne.TextWrapWord, Importance: importanceOf(is.Severity)})
			continue
		}
		p.rowIssues = append(p.rowIssues, is)
		key := [2]int{at.Index, int(at.Field)}
		if at.Index >= 0 && at.HasField && p.severity[key] != app.Error {
			p.severity[key] = is.Severity
		}
	}
}

// goToIssue scrolls to an issue's cell, selects it, and offers its fix.
func (p *preview) goToIssue(n widget.ListItemID) {
	is := p.rowIssues[n]
	at := p.c.Locate(is)
	if at.Index < 0 {
		return
	}
	col := 0
	if at.HasField {
		col = int(at.Field) + 1
	}
	for r, idx := range p.shown {
		if idx == at.Index {
			cell := widget.TableCellID{Row: r, Col: col}
			p.table.ScrollTo(cell)
			p.table.Select(cell)
			p.selected, p.hasCell = cell, true
		}
	}
	p.offerFix(is)
}

// truncatedLabel is a list row's label: one line, cut with an ellipsis.
func truncatedLabel(sample string) *widget.Label {
	return &widget.Label{Text: sample, Truncation: fyne.TextTruncateEllipsis}
}

// wrappedLabel is a label whose text wraps at word boundaries.
func wrappedLabel(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}
