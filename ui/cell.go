package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// cell is one table cell: a coloured background and a label; a double click
// opens its editor (a single click still selects it, through the table).
type cell struct {
	widget.BaseWidget
	bg       *canvas.Rectangle
	label    *widget.Label
	row, col int
	onDouble func(row, col int)
}

func newCell(onDouble func(row, col int)) *cell {
	c := &cell{bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("template cell value"), onDouble: onDouble}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

// DoubleTapped opens the editor of this cell.
func (c *cell) DoubleTapped(*fyne.PointEvent) {
	if c.onDouble != nil {
		c.onDouble(c.row, c.col)
	}
}
