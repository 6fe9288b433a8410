package workbook_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func TestSaveEditsKeepsEverythingElse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.xlsx")
	err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(5)},
		fixtures.Options{Version: template.Version, Extra: []fixtures.Sheet{{Name: "Notes", Headers: []string{"keep me"}}}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenFile(path)
	style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FF0000"}})
	f.SetCellStyle("Clients", "A3", "A3", style)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref("G2:G100")
	dv.SetDropList([]string{"en", "es"})
	f.AddDataValidation("Clients", dv)
	f.Save()
	f.Close()
	sha, _ := workbook.SHA256(path)

	newSHA, err := workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "C3", Value: "fixed@example.com"}}, []int{5})
	if err != nil {
		t.Fatal(err)
	}
	if newSHA == sha {
		t.Fatal("the content did not change")
	}
	if _, err := os.Stat(path + ".bak"); !os.IsNotExist(err) {
		t.Fatal("the .bak copy was left after a good save")
	}
	f, err = excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Clients", "C3"); v != "fixed@example.com" {
		t.Fatalf("C3 = %q", v)
	}
	if v, _ := f.GetCellValue("Clients", "C5"); v != "client000004@example.com" {
		t.Fatalf("row 5 was not removed: C5 = %q", v)
	}
	if v, _ := f.GetCellValue("Notes", "A1"); v != "keep me" {
		t.Fatal("the other sheet was lost")
	}
	if id, _ := f.GetCellStyle("Clients", "A3"); id == 0 {
		t.Fatal("the cell style was lost")
	} else if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
		t.Fatal("the cell style changed")
	}
	if dvs, _ := f.GetDataValidations("Clients"); len(dvs) != 1 {
		t.Fatalf("%d data validations", len(dvs))
	}
	props, _ := f.GetCustomProps()
	if len(props) == 0 {
		t.Fatal("the TemplateVersion property was lost")
	}

	// Someone saves the file in Excel meanwhile: nothing is overwritten.
	_, err = workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "C4", Value: "x@example.com"}}, nil)
	if !errors.Is(err, workbook.ErrChangedOnDisk) {
		t.Fatalf("want ErrChangedOnDisk, got %v", err)
	}
}
