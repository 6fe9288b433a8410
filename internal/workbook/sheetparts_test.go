package workbook

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// SheetParts finds sheets wherever the workbook's relationships put them,
// under whatever type, as excelize does: a writer relying on it sees them all.
func TestSheetParts(t *testing.T) {
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	parts := map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/book.xml"/></Relationships>`,
		"xl/book.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + rel + `"><sheets>` +
			`<sheet name="Clients" sheetId="1" r:id="rId1"/><sheet name="Odd" sheetId="2" r:id="rId2"/>` +
			`<sheet name="Abs" sheetId="3" r:id="rId3"/><sheet name="Lost" sheetId="4" r:id="rId9"/></sheets></workbook>`,
		"xl/_rels/book.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/worksheet" Target="ws\sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `/chartsheet" Target="../xl/other/s.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `/worksheet" Target="/xl/abs.xml"/></Relationships>`,
	}
	p := filepath.Join(t.TempDir(), "book.xlsx")
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(out)
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()

	got, err := SheetParts(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []SheetPart{{"Clients", "xl/ws/sheet1.xml"}, {"Odd", "xl/other/s.xml"}, {"Abs", "xl/abs.xml"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
