package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/bench"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// withCachedValue rewrites the .xlsx at path so that the formula cell whose
// XML is <f>formulaXML</f> carries a cached text value, as Excel leaves it.
func withCachedValue(t *testing.T, path, formulaXML, value string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	found := false
	for _, e := range z.File {
		r, _ := e.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			old := regexp.MustCompile("<f>" + regexp.QuoteMeta(formulaXML) + "</f>(<v>[^<]*</v>)?</c>")
			if old.Match(b) {
				found = true
				b = old.ReplaceAll(b, []byte("<f>"+formulaXML+"</f><v>"+value+"</v></c>"))
			}
		}
		out, _ := w.Create(e.Name)
		out.Write(b)
	}
	z.Close()
	w.Close()
	if !found {
		t.Fatalf("no cell with the formula %s", formulaXML)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Issue 12 item 10: a formula of the user's file that calls another program
// (DDE) or another workbook does not stay live in the marked export.
func TestAnnotatedDisablesExternalCalls(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(4)},
		fixtures.Options{Version: template.Version, Extra: []fixtures.Sheet{{Name: "Notes", Headers: []string{"note"}}, {Name: "Problems", Headers: []string{"old"}}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct{ sheet, cell, formula string }{
		{"Clients", "A3", `cmd|'/c calc'!A1`},         // DDE, cached value "Ann"
		{"Clients", "B4", `LOWER("SMITH")`},           // harmless, stays
		{"Clients", "B9", `cmd|'/c notepad'!A1`},      // DDE never calculated, beyond the values
		{"Notes", "B2", `'C:\x\[other.xlsx]Data'!A1`}, // another workbook
		{"Problems", "A2", `cmd|'/c calc'!A1`},        // on a sheet the export replaces
	} {
		if err := f.SetCellFormula(set.sheet, set.cell, set.formula); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	withCachedValue(t, src, "cmd|&#39;/c calc&#39;!A1", "Ann")

	e, err := validate.ReadFile(src, bench.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "src - problems marked.xlsx")
	if err := WriteAnnotated(src, out, "Clients", e.Issues()); err != nil {
		t.Fatal(err)
	}

	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if live := liveCallsIn(t, out); len(live) > 0 {
		t.Errorf("the copy still holds formulas that call out: %q", live)
	}
	if formula, _ := g.GetCellFormula("Clients", "B4"); formula != `LOWER("SMITH")` {
		t.Errorf("the harmless formula was lost: %q", formula)
	}
	if v, _ := g.GetCellValue("Clients", "A3"); v != "Ann" {
		t.Errorf("A3 holds %q, want its last value Ann", v)
	}
	comments, _ := g.GetComments("Clients")
	marked := map[string]bool{}
	for _, c := range comments {
		var text string
		for _, p := range c.Paragraph {
			text += p.Text
		}
		if strings.Contains(text, CodeExternalFormula) {
			marked[c.Cell] = true
		}
	}
	if !marked["A3"] || !marked["B9"] {
		t.Errorf("disabled cells not marked: %v", marked)
	}
	rows, _ := g.GetRows("Problems")
	var listed []string
	for _, r := range rows {
		if len(r) > 4 && r[3] == CodeExternalFormula {
			listed = append(listed, r[2]+r[1]+" "+r[4])
			if !strings.HasPrefix(r[4], "'=") {
				t.Errorf("the formula text is written unguarded: %q", r[4])
			}
		}
	}
	if len(listed) != 3 {
		t.Errorf("Problems lists %d disabled formulas, want 3: %v", len(listed), listed)
	}
}

func TestScanFormulaCells(t *testing.T) {
	sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2" t="str"><f t="shared" ref="A2:A4" si="0">cmd|&apos;/c calc&apos;!A1</f><v>Ann</v></c>
<c r="B2" t="str"><f t="shared" ref="B2:B3" si="1">LOWER(C2)</f><v>x</v></c></row>
<row r="3"><c r="A3" t="str"><f t="shared" si="0"/><v>Ann</v></c><c r="B3" t="str"><f t="shared" si="1"/></c>
<c r="C3"><f>IF(D3="a|b",1,2)</f></c><c r="D3"><x:f xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">[1]Data!A1</x:f></c></row>
</sheetData></worksheet>`
	seen := map[string]bool{}
	err := scanFormulaCells(strings.NewReader(sheet), nil, func(cell string) error { seen[cell] = true; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || !seen["A2"] || !seen["A3"] || !seen["D3"] {
		t.Fatalf("found %v, want A2, A3 (sharing A2's formula) and D3", seen)
	}
}
