package workbook

import (
	"errors"
	"io"
	"strings"

	"github.com/dnaplatform/massuploader/internal/template"
)

// openXLSX reads the list sheet with a strict streaming decoder of its own
// (sheetxml.go) rather than excelize's, which drops XML errors and ignores
// zip checksums: a damaged sheet is refused, never read as a shorter list.
func openXLSX(path string) (*Reader, error) {
	pk, err := openPackage(path)
	if err != nil {
		return nil, err
	}
	r, err := readXLSX(pk)
	if err != nil {
		pk.Close()
		return nil, err
	}
	return r, nil
}

func readXLSX(pk *xlsxPackage) (*Reader, error) {
	path := pk.path
	sheets, sstName, err := pk.sheets()
	if err != nil {
		return nil, err
	}
	sst, err := pk.sharedStrings(sstName)
	if err != nil {
		return nil, err
	}
	sheet, stream, headers, pending, legacyByHeaders, err := findClientsSheet(pk, sheets, sst)
	if err != nil {
		return nil, err
	}
	if stream == nil {
		names := make([]string, len(sheets))
		for i, s := range sheets {
			names[i] = s.name
		}
		return nil, &FileError{Code: CodeMissingSheet, File: baseName(path),
			Message: "the workbook has no \"Clients\" sheet (its sheets: " + strings.Join(names, ", ") +
				"); put the clients on a sheet named Clients, with the template's headers in row 1"}
	}
	h, slots := mapHeader(headers, "xlsx")
	h.Sheet = sheet
	if legacyByHeaders {
		h.Legacy, h.Version = true, template.LegacyVersion
	} else if v, err := pk.customProperty(template.VersionProperty); err != nil {
		stream.Close()
		return nil, err
	} else if v != "" {
		h.Version = v
	}
	cols := columnLetters(len(slots))
	dataRows := 0
	next := func() (Row, error) {
		for {
			var line int
			var cells []sheetCell
			if pending != nil {
				line, cells, pending = pending.line, pending.cells, nil
			} else {
				var err error
				if line, cells, err = stream.next(); err != nil {
					return Row{}, err
				}
			}
			if blankCells(cells) {
				continue
			}
			if dataRows++; dataRows > MaxDataRows {
				return Row{}, unreadable(path, "the list has more than %d rows (row %d is beyond that); split it into files of at most %d rows", MaxDataRows, line, MaxDataRows)
			}
			row := Row{Line: line}
			fillCells(&row, cells, slots, cols)
			return row, nil
		}
	}
	return &Reader{Header: h, path: path, next: next, close: func() error {
		stream.Close()
		return pk.Close()
	}}, nil
}

// heldRow is a data row read while looking for the header row.
type heldRow struct {
	line  int
	cells []sheetCell
}

// findClientsSheet picks the sheet named Clients (any case), else a sheet whose
// first row is the legacy layout, and returns it open after its header row.
func findClientsSheet(pk *xlsxPackage, sheets []sheetRef, sst []string) (name string, stream *sheetStream, headers []string, pending *heldRow, legacy bool, err error) {
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s.name), template.ClientsSheet) {
			stream, headers, pending, err := firstRow(pk, s, sst)
			return s.name, stream, headers, pending, false, err
		}
	}
	for _, s := range sheets {
		stream, headers, pending, err := firstRow(pk, s, sst)
		if err != nil {
			return "", nil, nil, nil, false, err
		}
		if looksLegacy(headers) {
			return s.name, stream, headers, pending, true, nil
		}
		stream.Close()
	}
	return "", nil, nil, nil, false, nil
}

// firstRow opens a sheet and reads row 1; a first row further down is kept
// to be handed out as data.
func firstRow(pk *xlsxPackage, s sheetRef, sst []string) (*sheetStream, []string, *heldRow, error) {
	stream, err := pk.openSheet(s, sst)
	if err != nil {
		return nil, nil, nil, err
	}
	line, cells, err := stream.next()
	if errors.Is(err, io.EOF) {
		return stream, nil, nil, nil
	}
	if err != nil {
		stream.Close()
		return nil, nil, nil, err
	}
	if line != 1 {
		return stream, nil, &heldRow{line: line, cells: append([]sheetCell(nil), cells...)}, nil
	}
	return stream, cellValues(cells), nil, nil
}

// cellValues lays cells out by column: A is [0].
func cellValues(cells []sheetCell) []string {
	if len(cells) == 0 {
		return nil
	}
	max := 0
	for _, c := range cells {
		if c.col > max {
			max = c.col
		}
	}
	out := make([]string, max)
	for _, c := range cells {
		out[c.col-1] = c.value
	}
	return out
}

// blankCells tells whether a row holds nothing: no text and no formula that
// still needs a look (a formula without a value is not an empty cell).
func blankCells(cells []sheetCell) bool {
	for _, c := range cells {
		if c.formula >= Uncalculated || strings.TrimSpace(c.value) != "" {
			return false
		}
	}
	return true
}

// fillCells puts a sheet row's cells into a row by the header's slots.
func fillCells(row *Row, cells []sheetCell, slots []slot, cols []string) {
	for _, c := range cells {
		i := c.col - 1
		if i >= len(slots) || slots[i] == slotIgnore {
			continue
		}
		cell := Cell{Value: Unquote(Trim(c.value)), Col: cols[i], Formula: c.formula}
		if s := slots[i]; s >= slotLegacy0 {
			row.LegacyReports[s-slotLegacy0] = cell
		} else {
			row.Cells[s] = cell
		}
	}
}
