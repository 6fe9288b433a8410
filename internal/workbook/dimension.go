package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// shrinkDimension lowers the sheet's declared last row by the rows removed:
// excelize's RemoveRow leaves <dimension ref> as it was, and the strict reader
// refuses a sheet holding fewer rows than it declares.
func shrinkDimension(f *excelize.File, sheet string, removed []int) error {
	dim, err := f.GetSheetDimension(sheet)
	if err != nil || len(removed) == 0 {
		return err
	}
	from, to, ok := strings.Cut(dim, ":")
	if !ok {
		return nil
	}
	col, last, ok := cellRef(to)
	if !ok || last == 0 {
		return nil
	}
	n := 0
	for _, r := range removed {
		if r <= last {
			n++
		}
	}
	last = max(last-n, 1)
	return f.SetSheetDimension(sheet, fmt.Sprintf("%s:%s%d", from, columnName(col), last))
}
