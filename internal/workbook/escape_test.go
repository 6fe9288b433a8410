package workbook_test

import (
	"path/filepath"
	"testing"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// The strict reader gives the texts excelize gives: _xHHHH_ escapes decoded,
// in shared and inline strings alike.
func TestTextsReadAsExcelizeReadsThem(t *testing.T) {
	texts := []string{"Ann\tLee", "a_x0009_b", "plain_x_text", "Zoë", "line\nbreak", "x_x005F_y"}
	for _, stream := range []bool{false, true} {
		rows := make([]fixtures.Row, len(texts))
		for i, s := range texts {
			rows[i] = fixtures.Row{s, "B", "c@example.com", nil, 1001, nil, nil, nil, nil}
		}
		path := filepath.Join(t.TempDir(), "t.xlsx")
		if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows}, fixtures.Options{Version: template.Version, Stream: stream}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		want, err := f.GetRows("Clients")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		_, got := readAll(t, path)
		for i, r := range got {
			if w := workbook.Unquote(workbook.Trim(want[i+1][0])); r.Cells[template.FirstName].Value != w {
				t.Errorf("stream=%v row %d: %q, excelize %q", stream, i+2, r.Cells[template.FirstName].Value, w)
			}
		}
	}
}
