package export

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/cellguard"
)

// CodeExternalFormula marks, in a marked export, a cell whose formula called
// another program or workbook and was replaced by its last value.
const CodeExternalFormula = "external_formula"

// disabledCall is a formula cell of the user's file that the copy holds as text.
type disabledCall struct {
	Sheet, Cell, Formula, Value string
}

// disableExternalCalls replaces, on every sheet, each formula that calls
// another program (DDE), another workbook or the web by the value Excel last
// showed for it, as guarded text: a file the app writes never carries a live
// call out, whatever the validation said about the cell. source is the file f
// was read from: its sheets' XML says which cells hold formulas, cached value
// or not (excelize's GetRows skips a formula that was never calculated).
func disableExternalCalls(f *excelize.File, source string) ([]disabledCall, error) {
	refs, err := formulaCells(source)
	if err != nil {
		return nil, fmt.Errorf("looking for formulas: %w", err)
	}
	if len(refs) == 0 {
		return nil, nil
	}
	var out []disabledCall
	for _, sheet := range f.GetSheetList() {
		for _, cell := range refs {
			formula, err := f.GetCellFormula(sheet, cell)
			if err != nil || formula == "" || !cellguard.ExternalCall(formula) {
				continue
			}
			value, err := f.GetCellValue(sheet, cell)
			if err != nil {
				return nil, fmt.Errorf("reading %s!%s: %w", sheet, cell, err)
			}
			if err := f.SetCellStr(sheet, cell, cellguard.Quote(value)); err != nil {
				return nil, fmt.Errorf("disabling the formula in %s!%s: %w", sheet, cell, err)
			}
			out = append(out, disabledCall{Sheet: sheet, Cell: cell, Formula: formula, Value: value})
		}
	}
	return out, nil
}

// formulaCells lists, sorted and once each, the references of the cells that
// may hold a formula calling out, on any worksheet of the .xlsx at path: the
// formula's text says so, or it shares the formula of a cell whose text does.
// Only those few are then asked of excelize, which resolves shared formulas.
func formulaCells(path string) ([]string, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	seen := map[string]bool{}
	for _, e := range z.File {
		if !strings.HasPrefix(e.Name, "xl/worksheets/") || !strings.HasSuffix(e.Name, ".xml") {
			continue
		}
		r, err := e.Open()
		if err != nil {
			return nil, err
		}
		err = scanFormulaCells(r, seen)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
	}
	refs := make([]string, 0, len(seen))
	for ref := range seen {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	return refs, nil
}

// scanFormulaCells adds to seen the r of every <c> whose <f> calls out, or
// shares (si) the formula of one that does.
func scanFormulaCells(r io.Reader, seen map[string]bool) error {
	d := xml.NewDecoder(r)
	outside := map[string]bool{} // shared formula index → its master calls out
	cell, si := "", ""
	inF := false
	var text strings.Builder
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "c":
				cell = ""
				for _, a := range el.Attr {
					if a.Name.Local == "r" {
						cell = strings.ToUpper(a.Value)
					}
				}
			case "f":
				inF, si = true, ""
				text.Reset()
				for _, a := range el.Attr {
					if a.Name.Local == "si" {
						si = a.Value
					}
				}
			}
		case xml.CharData:
			if inF {
				text.Write(el)
			}
		case xml.EndElement:
			if el.Name.Local != "f" || !inF {
				continue
			}
			inF = false
			calls := false
			if f := text.String(); f != "" {
				calls = cellguard.ExternalCall(f)
				if si != "" {
					outside[si] = calls
				}
			} else if si != "" {
				calls = outside[si]
			}
			if calls && cell != "" {
				seen[cell] = true
			}
		}
	}
}
