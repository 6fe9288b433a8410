package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/cellguard"
)

// liveCallsIn reads the .xlsx at path as a plain zip, apart from the code
// under test, and returns every formula left in it that calls out: the text
// of any element named f in any .xml part (cells, charts) that calls out or
// uses one of names, an f sharing (si) such a formula, and any definedName
// that calls out or uses one of names.
func liveCallsIn(t *testing.T, path string, names ...string) []string {
	t.Helper()
	var uses *regexp.Regexp
	if len(names) > 0 {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = regexp.QuoteMeta(n)
		}
		uses = regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_.\\?])(` + strings.Join(quoted, "|") + `)($|[^A-Za-z0-9_.\\?])`)
	}
	literal := regexp.MustCompile(`"([^"]|"")*"`)
	bad := func(formula string) bool {
		return cellguard.ExternalCall(formula) || uses != nil && uses.MatchString(literal.ReplaceAllString(formula, `""`))
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var live []string
	for _, e := range z.File {
		if !strings.HasSuffix(e.Name, ".xml") && !strings.HasSuffix(e.Name, ".rels") {
			continue
		}
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		shared := map[string]bool{}
		var (
			in, si string
			text   strings.Builder
		)
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", e.Name, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if el.Name.Local == "f" || el.Name.Local == "definedName" {
					in, si = el.Name.Local, ""
					text.Reset()
					for _, a := range el.Attr {
						if a.Name.Local == "si" {
							si = a.Value
						}
					}
				}
			case xml.CharData:
				if in != "" {
					text.Write(el)
				}
			case xml.EndElement:
				if in == "" || el.Name.Local != in {
					continue
				}
				formula, calls := text.String(), false
				if formula != "" {
					calls = bad(formula)
					if si != "" {
						shared[si] = calls
					}
				} else if si != "" {
					calls, formula = shared[si], "(shares "+si+")"
				}
				if calls {
					live = append(live, e.Name+": <"+in+">"+formula)
				}
				in = ""
			}
		}
		r.Close()
	}
	return live
}

// rewriteXLSX rewrites the parts of the .xlsx at path: edit returns each
// part's new name and content.
func rewriteXLSX(t *testing.T, path string, edit func(name string, b []byte) (string, []byte)) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range z.File {
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		name, b := edit(e.Name, b)
		out, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	z.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Formulas that call out stay out of the marked export however the file
// hides them from a scan of xl/worksheets/ by cell reference: a sheet part
// elsewhere, cells and rows without r, a defined name that calls out.
func TestAnnotatedDisablesHiddenExternalCalls(t *testing.T) {
	const dde = `cmd|'/c calc'!A1`
	for _, tc := range []struct {
		name   string
		build  func(f *excelize.File) error
		edit   func(name string, b []byte) (string, []byte)
		names  []string // defined names that call out, which no formula may use
		listed []string // Column+Row of the external_formula rows on the Problems sheet
	}{
		{
			name:  "sheet part outside xl/worksheets",
			build: func(f *excelize.File) error { return f.SetCellFormula("Sheet1", "B2", dde) },
			edit: func(name string, b []byte) (string, []byte) {
				if name == "xl/worksheets/sheet1.xml" {
					return "xl/ws/sheet1.xml", b
				}
				return name, bytes.ReplaceAll(b, []byte("worksheets/sheet1.xml"), []byte("ws/sheet1.xml"))
			},
			listed: []string{"B2"},
		},
		{
			name:  "sheet relationship not typed worksheet",
			build: func(f *excelize.File) error { return f.SetCellFormula("Sheet1", "B2", dde) },
			edit: func(name string, b []byte) (string, []byte) {
				if name == "xl/worksheets/sheet1.xml" {
					return "xl/ws/sheet1.xml", b
				}
				b = bytes.ReplaceAll(b, []byte("relationships/worksheet\" Target=\"worksheets/sheet1.xml"), []byte("relationships/chartsheet\" Target=\"worksheets/sheet1.xml"))
				return name, bytes.ReplaceAll(b, []byte("worksheets/sheet1.xml"), []byte("ws/sheet1.xml"))
			},
			listed: []string{"B2"},
		},
		{
			name:  "cells and rows without r",
			build: func(f *excelize.File) error { return f.SetCellValue("Sheet1", "A1", "x") },
			edit: func(name string, b []byte) (string, []byte) {
				if name != "xl/worksheets/sheet1.xml" {
					return name, b
				}
				rows := `<sheetData><row><c t="str"><v>x</v></c><c t="str"><f>cmd|'/c calc'!A1</f><v>Ann</v></c></row>` +
					`<row><c><v>1</v></c><c><f>cmd|'/c notepad'!A1</f></c></row>` +
					`<row r="5"><c r="B5"><v>3</v></c><c><f>cmd|'/c calc'!A2</f><v>4</v></c></row></sheetData>`
				return name, regexp.MustCompile(`<sheetData>.*</sheetData>|<sheetData/>`).ReplaceAll(b, []byte(rows))
			},
			listed: []string{"B1", "B2", "C5"}, // numbered as excelize (and Excel) number them
		},
		{
			name:  "shared formula that calls out",
			build: func(f *excelize.File) error { return f.SetCellValue("Sheet1", "A1", "x") },
			edit: func(name string, b []byte) (string, []byte) {
				if name != "xl/worksheets/sheet1.xml" {
					return name, b
				}
				rows := `<sheetData><row r="2"><c r="A2" t="str"><f t="shared" ref="A2:A4" si="0">cmd|'/c calc'!A1</f><v>a</v></c></row>` +
					`<row r="3"><c r="A3" t="str"><f t="shared" si="0"/><v>b</v></c></row>` +
					`<row r="4"><c r="A4" t="str"><f t="shared" si="0"/><v>c</v></c></row></sheetData>`
				return name, regexp.MustCompile(`<sheetData>.*</sheetData>|<sheetData/>`).ReplaceAll(b, []byte(rows))
			},
			listed: []string{"A2", "A3", "A4"},
		},
		{
			name: "defined name that calls out",
			build: func(f *excelize.File) error {
				for _, dn := range []excelize.DefinedName{
					{Name: "Evil", RefersTo: dde},
					{Name: "Evil2", RefersTo: "Evil*2"},
					{Name: "Fine", RefersTo: "Sheet1!$A$1"},
				} {
					if err := f.SetDefinedName(&dn); err != nil {
						return err
					}
				}
				for cell, formula := range map[string]string{"B1": "Evil", "B2": "Sheet1!A1+evil2", "B3": "Fine*2", "B4": `"Evil"&Fine`} {
					if err := f.SetCellFormula("Sheet1", cell, formula); err != nil {
						return err
					}
				}
				return nil
			},
			edit:   func(name string, b []byte) (string, []byte) { return name, b },
			names:  []string{"Evil", "Evil2"},
			listed: []string{"0", "0", "B1", "B2"}, // the two names and the two cells that use them
		},
		{
			name:  "defined name that calls out, defined twice",
			build: func(f *excelize.File) error { return f.SetCellFormula("Sheet1", "B1", "Evil") },
			edit: func(name string, b []byte) (string, []byte) {
				if name != "xl/workbook.xml" {
					return name, b
				}
				names := `<definedNames><definedName name="Evil">cmd|'/c calc'!A1</definedName><definedName name="Evil">cmd|'/c calc'!A2</definedName></definedNames>`
				return name, bytes.Replace(b, []byte("<calcPr"), []byte(names+"<calcPr"), 1)
			},
			names:  []string{"Evil"},
			listed: []string{"0", "0", "B1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "src.xlsx")
			f := excelize.NewFile()
			if err := tc.build(f); err != nil {
				t.Fatal(err)
			}
			if err := f.SaveAs(src); err != nil {
				t.Fatal(err)
			}
			f.Close()
			rewriteXLSX(t, src, tc.edit)
			if live := liveCallsIn(t, src, tc.names...); len(live) == 0 {
				t.Fatal("the crafted input holds no formula that calls out")
			}

			out := filepath.Join(dir, "out.xlsx")
			if err := WriteAnnotated(src, out, "Sheet1", nil); err != nil {
				t.Fatal(err)
			}
			if live := liveCallsIn(t, out, tc.names...); len(live) > 0 {
				t.Errorf("the copy still holds formulas that call out: %q", live)
			}
			g, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			rows, _ := g.GetRows("Problems")
			var listed []string
			for _, r := range rows {
				if len(r) > 3 && r[3] == CodeExternalFormula {
					listed = append(listed, r[2]+r[1])
				}
			}
			if !slices.Equal(listed, tc.listed) {
				t.Errorf("Problems lists disabled formulas at %q, want %q: %q", listed, tc.listed, rows)
			}
		})
	}
}

func TestUsesName(t *testing.T) {
	bad := map[string]bool{"evil": true, "my.name": true}
	for _, tc := range []struct {
		formula string
		want    bool
	}{
		{"Evil", true},
		{"SUM(A1,EVIL)*2", true},
		{"Sheet1!Evil+1", true},
		{"[0]!evil", true},
		{"My.Name", true},
		{`"Evil"&A1`, false},
		{`"say ""Evil"""&A1`, false},
		{"Evil2+EvilX", false},
		{"My.Names", false},
		{"Fine*2", false},
	} {
		t.Run(tc.formula, func(t *testing.T) {
			if got := usesName(tc.formula, bad); got != tc.want {
				t.Errorf("usesName(%q) = %v, want %v", tc.formula, got, tc.want)
			}
		})
	}
}

// Two sheets whose names differ only in case are one to excelize, which
// could let a formula hide on the other: the export refuses such a file.
func TestAnnotatedRefusesSheetNamesDifferingInCase(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	f := excelize.NewFile()
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula("Other", "A1", `cmd|'/c calc'!A1`); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rewriteXLSX(t, src, func(name string, b []byte) (string, []byte) {
		if name == "xl/workbook.xml" {
			b = bytes.Replace(b, []byte(`name="Other"`), []byte(`name="SHEET1"`), 1)
		}
		return name, b
	})
	out := filepath.Join(dir, "out.xlsx")
	err := WriteAnnotated(src, out, "Sheet1", nil)
	if err == nil || !strings.Contains(err.Error(), `two sheets named "Sheet1" and "SHEET1"`) {
		t.Fatalf("got %v, want a refusal naming both sheets", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a copy was written: %v", err)
	}
}
