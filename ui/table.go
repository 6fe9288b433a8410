package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/template"
)

// Table columns: the row number, then the template's fields.
const previewCols = 1 + int(template.NumFields)

// rowTable is the table's model: the rows shown and their cells' colours.
type rowTable struct{ p *preview }

func newRowTable(p *preview) *widget.Table {
	m := rowTable{p}
	t := &widget.Table{Length: m.Length, CreateCell: m.CreateCell, UpdateCell: m.UpdateCell,
		ShowHeaderRow: true, CreateHeader: m.CreateHeader, UpdateHeader: m.UpdateHeader,
		OnSelected: func(id widget.TableCellID) { p.selected, p.hasCell = id, true }}
	t.ExtendBaseWidget(t)
	t.SetColumnWidth(0, 56)
	for f, col := range template.Columns {
		t.SetColumnWidth(f+1, float32(col.Width)*7+24)
	}
	return t
}

// Length is the rows shown and the columns.
func (m rowTable) Length() (int, int) { return len(m.p.shown), previewCols }

// CreateCell makes a cell whose double click edits it.
func (m rowTable) CreateCell() fyne.CanvasObject {
	p := m.p
	return newCell(func(row, col int) {
		p.selected, p.hasCell = widget.TableCellID{Row: row, Col: col}, true
		p.table.Select(p.selected)
		p.editSelected()
	})
}

// UpdateCell shows a row's value, coloured by the worst issue of the cell.
func (m rowTable) UpdateCell(id widget.TableCellID, o fyne.CanvasObject) {
	p := m.p
	c := o.(*cell)
	c.row, c.col = id.Row, id.Col
	bg, l := c.bg, c.label
	if id.Row >= len(p.shown) {
		return
	}
	i := p.shown[id.Row]
	row := p.c.Engine.Row(i)
	bg.FillColor = color.Transparent
	if id.Col == 0 {
		l.SetText(fmt.Sprint(row.Line))
	} else {
		f := id.Col - 1
		l.SetText(row.Cells[f].Value)
		v := fyne.CurrentApp().Settings().ThemeVariant()
		switch p.severity[[2]int{i, f}] {
		case app.Error:
			bg.FillColor = withAlpha(theme.Current().Color(theme.ColorNameError, v), 0x55)
		case app.Warning:
			bg.FillColor = withAlpha(theme.Current().Color(theme.ColorNameWarning, v), 0x55)
		}
	}
	bg.Refresh()
}

// CreateHeader makes a column title.
func (rowTable) CreateHeader() fyne.CanvasObject {
	return &widget.Label{Text: "header", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
}

// UpdateHeader names a column.
func (rowTable) UpdateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	o.(*widget.Label).SetText(columnTitle(id.Col))
}

func columnTitle(col int) string {
	if col == 0 {
		return "Row"
	}
	c := template.Columns[col-1]
	return c.Letter + "  " + c.Header
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// filter chooses the rows shown: all that are not removed, or only those
// with errors.
func (p *preview) filter() {
	p.shown = p.shown[:0]
	e := p.c.Engine
	if e == nil {
		return
	}
	withErrors := map[int]bool{}
	for _, is := range p.rowIssues {
		if at := p.c.Locate(is); at.Index >= 0 && is.Severity == app.Error {
			withErrors[at.Index] = true
		}
	}
	for i := range e.Len() {
		if !e.Removed(i) && (!p.errorsOnly || withErrors[i]) {
			p.shown = append(p.shown, i)
		}
	}
}
