package workbook

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/template"
)

// Unzip limits: a 20 MB package may not inflate past 512 MB in all, and a
// worksheet or the shared strings up to 64 MB stays in memory (larger ones are
// streamed through a temporary file by excelize).
const (
	unzipSizeLimit    = 512 << 20
	unzipXMLSizeLimit = 16 << 20
)

func openXLSX(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, "the file cannot be opened: %v", err)
	}
	defer f.Close()
	book, err := excelize.OpenReader(f, excelize.Options{
		RawCellValue: true, UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit,
	})
	if err != nil {
		return nil, describeOpenError(path, err)
	}
	sheet, headers, legacyByHeaders, err := findClientsSheet(book, path)
	if err != nil {
		book.Close()
		return nil, err
	}
	if sheet == "" {
		book.Close()
		return nil, &FileError{Code: CodeMissingSheet, File: baseName(path),
			Message: "the workbook has no \"Clients\" sheet (its sheets: " + strings.Join(book.GetSheetList(), ", ") +
				"); put the clients on a sheet named Clients, with the template's headers in row 1"}
	}
	rows, err := book.Rows(sheet)
	if err != nil {
		book.Close()
		return nil, unreadable(path, "the Clients sheet cannot be read: %v", err)
	}
	if !rows.Next() { // the header row, read again by the streaming reader
		rows.Close()
		book.Close()
		return nil, unreadable(path, "the Clients sheet cannot be read: %v", rows.Error())
	}
	if _, err := rows.Columns(); err != nil {
		rows.Close()
		book.Close()
		return nil, unreadable(path, "the header row cannot be read: %v", err)
	}
	h, slots := mapHeader(headers, "xlsx")
	h.Sheet = sheet
	if legacyByHeaders {
		h.Legacy, h.Version = true, template.LegacyVersion
	} else if v := propertyVersion(book); v != "" {
		h.Version = v
	}
	cols := columnLetters(len(slots))
	line := 1
	next := func() (Row, error) {
		for rows.Next() {
			line++
			values, err := rows.Columns()
			if err != nil {
				return Row{}, unreadable(path, "row %d cannot be read: %v", line, err)
			}
			if isBlank(values) {
				continue
			}
			row := Row{Line: line}
			fill(&row, values, slots, cols)
			return row, nil
		}
		if err := rows.Error(); err != nil {
			return Row{}, unreadable(path, "the Clients sheet is damaged after row %d: %v", line, err)
		}
		return Row{}, io.EOF
	}
	return &Reader{Header: h, path: path, next: next, close: func() error {
		rows.Close()
		return book.Close()
	}}, nil
}

// findClientsSheet picks the sheet named Clients (any case), else a sheet whose
// first row is the legacy layout, and returns its header row.
func findClientsSheet(book *excelize.File, path string) (sheet string, headers []string, legacy bool, err error) {
	for _, name := range book.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(name), template.ClientsSheet) {
			headers, err := firstRow(book, path, name)
			return name, headers, false, err
		}
	}
	for _, name := range book.GetSheetList() {
		headers, err := firstRow(book, path, name)
		if err == nil && looksLegacy(headers) {
			return name, headers, true, nil
		}
	}
	return "", nil, false, nil
}

func firstRow(book *excelize.File, path, sheet string) ([]string, error) {
	rows, err := book.Rows(sheet)
	if err != nil {
		return nil, unreadable(path, "the %s sheet cannot be read: %v", sheet, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Error(); err != nil {
			return nil, unreadable(path, "the %s sheet is damaged: %v", sheet, err)
		}
		return nil, nil
	}
	headers, err := rows.Columns()
	if err != nil {
		return nil, unreadable(path, "the header row of %s is damaged: %v", sheet, err)
	}
	return headers, nil
}

func propertyVersion(book *excelize.File) string {
	props, err := book.GetCustomProps()
	if err != nil {
		return ""
	}
	for _, p := range props {
		if p.Name == template.VersionProperty {
			if s, ok := p.Value.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func describeOpenError(path string, err error) *FileError {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unzip size exceeds"):
		return unreadable(path, "the workbook unpacks to more than %d MB, which is more than an import file can hold; split it into smaller files", unzipSizeLimit>>20)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), strings.Contains(msg, "zip:"):
		return unreadable(path, "the workbook is damaged or incomplete (%v); if it was copied or downloaded, do it again, or open it in Excel and save it again", err)
	default:
		return unreadable(path, "the workbook cannot be read: %v; open it in Excel or LibreOffice and save it again as .xlsx", err)
	}
}
