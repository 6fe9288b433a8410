package validate

import (
	"fmt"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// formulas reports the formula cells whose value cannot be trusted. A
// formula with a cached value counts by that value, as Excel shows it; one
// never calculated has no value to read (it is not an empty cell); one that
// calls another program or workbook is refused whatever it shows. Both are
// unreadable_file issues naming the cell: the value in it cannot be read.
func (rc *rowCheck) formulas(row workbook.Row) {
	check := func(f template.Field, cell workbook.Cell) {
		where := fmt.Sprintf("%s%d", cell.Col, rc.line)
		switch cell.Formula {
		case workbook.Uncalculated:
			rc.add(Error, CodeUnreadableFile, f, cell, where+" holds a formula that was never calculated, so it has no value to read. Open the file in Excel and save it, or type the value.")
		case workbook.External:
			rc.add(Error, CodeUnreadableFile, f, cell, where+" holds a formula that calls another program or workbook (a DDE link or external reference); such formulas are not accepted. Type the value instead.")
		}
	}
	for i, cell := range row.Cells {
		check(template.Field(i), cell)
	}
	for _, cell := range row.LegacyReports {
		check(template.CommunicationReport, cell)
	}
}
