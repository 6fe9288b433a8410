package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/cellguard"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// CodeExternalFormula marks, in a marked export, a cell whose formula called
// another program or workbook and was replaced by its last value.
const CodeExternalFormula = "external_formula"

// disabledCall is a formula cell of the user's file that the copy holds as
// text, or (Name set, Cell empty) a defined name the copy leaves out.
type disabledCall struct {
	Sheet, Cell, Formula, Value, Name string
}

// disableExternalCalls makes sure a file the app writes never carries a live
// call out, whatever the validation said: each defined name whose formula
// calls another program (DDE), another workbook or the web, or uses such a
// name, is removed; each cell formula that does, or uses such a name, is
// replaced by the value Excel last showed for it, as guarded text.
//
// Cells are found in the worksheets as excelize holds them and will write
// them: every sheet, wherever its part is (source is the file f was read
// from, read for the sheets' parts), every cell numbered as excelize numbers
// it when the file leaves out r, formulas with no cached value included
// (excelize's GetRows skips those).
func disableExternalCalls(f *excelize.File, source string) ([]disabledCall, error) {
	out, names, err := disableCallingNames(f)
	if err != nil {
		return nil, err
	}
	parts, err := workbook.SheetParts(source)
	if err != nil {
		return nil, fmt.Errorf("finding the sheets: %w", err)
	}
	for i, p := range parts {
		// excelize finds a sheet by its name in any case: two names that
		// differ only in case would let one part hide behind the other.
		if j := slices.IndexFunc(parts[:i], func(q workbook.SheetPart) bool { return strings.EqualFold(q.Name, p.Name) }); j >= 0 {
			return nil, fmt.Errorf("the workbook has two sheets named %q and %q; rename one in Excel", parts[j].Name, p.Name)
		}
	}
	for _, p := range parts {
		sheet := p.Name
		refs, err := sheetCallCells(f, p, names)
		if err != nil {
			return nil, fmt.Errorf("looking for formulas on sheet %q: %w", sheet, err)
		}
		// Everything is read before anything changes: a shared formula's
		// cells lose it with its master, and each is listed for what it was.
		// A cell the scan flagged is disabled even if excelize reads no
		// formula there: any doubt keeps it from running.
		calls := make([]disabledCall, len(refs))
		for i, cell := range refs {
			formula, err := f.GetCellFormula(sheet, cell)
			if err != nil {
				return nil, fmt.Errorf("reading the formula in %s!%s: %w", sheet, cell, err)
			}
			value, err := f.GetCellValue(sheet, cell)
			if err != nil {
				return nil, fmt.Errorf("reading %s!%s: %w", sheet, cell, err)
			}
			calls[i] = disabledCall{Sheet: sheet, Cell: cell, Formula: formula, Value: value}
		}
		for _, d := range calls {
			if err := f.SetCellStr(sheet, d.Cell, cellguard.Quote(d.Value)); err != nil {
				return nil, fmt.Errorf("disabling the formula in %s!%s: %w", sheet, d.Cell, err)
			}
		}
		out = append(out, calls...)
	}
	return out, nil
}

// disableCallingNames removes every defined name whose formula calls out or
// uses a name that does (Evil2 = Evil*2), and returns them with the set of
// their lower-case names: a cell =Evil calls out as much as =cmd|'/c calc'!A1.
// A name is bad in every scope once it is bad in one, to err on the safe side.
func disableCallingNames(f *excelize.File) ([]disabledCall, map[string]bool, error) {
	all := f.GetDefinedName()
	bad := map[string]bool{}
	removed := make([]bool, len(all))
	var out []disabledCall
	for changed := true; changed; {
		changed = false
		for i, dn := range all {
			if removed[i] || !callsOut(dn.RefersTo, bad) {
				continue
			}
			removed[i], changed = true, true
			bad[strings.ToLower(dn.Name)] = true
			out = append(out, disabledCall{Name: dn.Name, Sheet: dn.Scope, Formula: dn.RefersTo})
		}
	}
	deleted := map[[2]string]bool{}
	for _, d := range out {
		if key := [2]string{d.Name, d.Sheet}; deleted[key] {
			continue // defined twice: both went the first time
		} else {
			deleted[key] = true
		}
		err := f.DeleteDefinedName(&excelize.DefinedName{Name: d.Name, Scope: d.Sheet})
		if err != nil {
			return nil, nil, fmt.Errorf("removing the defined name %s, which calls another program or file: %w", d.Name, err)
		}
		// A file may define the same name twice; none may stay.
		for f.DeleteDefinedName(&excelize.DefinedName{Name: d.Name, Scope: d.Sheet}) == nil {
		}
	}
	return out, bad, nil
}

// callsOut says whether a formula calls another program or file, itself or
// through one of the defined names in bad (lower case).
func callsOut(formula string, bad map[string]bool) bool {
	return cellguard.ExternalCall(formula) || usesName(formula, bad)
}

// usesName says whether a formula names one of bad (lower case), bare or
// qualified (Sheet1!Evil, [0]!Evil). Text in "…" does not count; a sheet or
// function that happens to share the name does, which only errs on the safe side.
func usesName(formula string, bad map[string]bool) bool {
	if len(bad) == 0 {
		return false
	}
	in, start := false, -1
	for i := 0; i <= len(formula); i++ {
		c := byte(0)
		if i < len(formula) {
			c = formula[i]
		}
		name := !in && (c >= 0x80 || c == '_' || c == '.' || c == '\\' || c == '?' ||
			'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9')
		if name {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && bad[strings.ToLower(formula[start:i])] {
			return true
		}
		start = -1
		if c == '"' {
			in = !in // "" inside a literal closes and reopens it: same result
		}
	}
	return false
}

// sheetCallCells lists, sorted and once each, the cells of a sheet that may
// hold a formula calling out: read from the worksheet excelize loaded, which
// it numbered (rows and cells without r) and will write as it is.
func sheetCallCells(f *excelize.File, p workbook.SheetPart, bad map[string]bool) ([]string, error) {
	if !mayCallOut(f, p.Part, bad) {
		return nil, nil
	}
	// Loading a sheet is what numbers its cells; once loaded, excelize writes
	// it from what it holds, so the cells found below are the ones written.
	if _, err := f.GetCellFormula(p.Name, "A1"); err != nil {
		if errors.As(err, new(excelize.ErrSheetNotExist)) {
			return nil, nil // its part is missing: excelize writes nothing for it
		}
		return nil, err
	}
	var ws any
	f.Sheet.Range(func(k, v any) bool {
		if name, _ := k.(string); strings.EqualFold(name, p.Part) {
			ws = v
			return false
		}
		return true
	})
	if ws == nil {
		return nil, fmt.Errorf("its part %s was not loaded", p.Part)
	}
	b, err := xml.Marshal(ws)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	err = scanFormulaCells(bytes.NewReader(b), bad, func(cell string) error {
		if cell == "" {
			return errors.New("a formula that calls out is in a cell excelize did not number")
		}
		seen[cell] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(seen))
	for ref := range seen {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	return refs, nil
}

// mayCallOut says whether a sheet part, as excelize holds it unloaded, may
// hold a formula that calls out, so that a sheet without one is neither
// loaded nor rewritten (excelize then writes its part as it was read). Any
// doubt says yes: the part already loaded, kept in a temporary file (too big
// for memory), twice in the package, or XML this scan cannot read.
func mayCallOut(f *excelize.File, part string, bad map[string]bool) bool {
	loaded := false
	f.Sheet.Range(func(k, _ any) bool {
		name, _ := k.(string)
		loaded = strings.EqualFold(name, part)
		return !loaded
	})
	if loaded {
		return true
	}
	var raw [][]byte
	odd := false
	f.Pkg.Range(func(k, v any) bool {
		if name, _ := k.(string); strings.EqualFold(name, part) {
			b, ok := v.([]byte)
			raw, odd = append(raw, b), odd || !ok
		}
		return true
	})
	if len(raw) != 1 || odd {
		return true
	}
	calls := false
	err := scanFormulaCells(bytes.NewReader(raw[0]), bad, func(string) error {
		calls = true
		return errors.New("found")
	})
	return calls || err != nil
}

// scanFormulaCells calls found with the r ("" when absent) of every <c>
// whose <f> calls out (or uses a name in bad), or shares (si) the formula of
// one that does; an error from found stops the scan.
func scanFormulaCells(r io.Reader, bad map[string]bool, found func(cell string) error) error {
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
				calls = callsOut(f, bad)
				if si != "" {
					outside[si] = calls
				}
			} else if si != "" {
				calls = outside[si]
			}
			if calls {
				if err := found(cell); err != nil {
					return err
				}
			}
		}
	}
}
