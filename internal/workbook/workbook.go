// Package workbook reads a filled import file (.xlsx or .csv) into rows of
// cells, each keeping the column letter and row number it had in the user's
// file. It streams: rows are handed out as they are read.
package workbook

//go:generate env MASSUPLOADER_WRITE_FUZZ_SEEDS=1 go test -run ^TestWriteFuzzSeeds$ .

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/template"
)

// MaxFileSize is the largest file read; a filled template of 100 000 rows is
// about 6 MB.
const MaxFileSize = 20 << 20

// Cell is one value of a row.
type Cell struct {
	Value string // trimmed text; for an Excel number or date cell, its raw number
	Col   string // column letter in the user's file; "" when the file lacks the column
	// Formula says whether the value is a formula's (xlsx only).
	Formula Formula
}

// Row is one data row.
type Row struct {
	Line  int // the spreadsheet row number (the header is 1)
	Cells [template.NumFields]Cell
	// LegacyReports holds, for a 2025.02 file, the cells of "Report ID 1" and
	// "Report ID 2": validation moves each to the column of its process.
	LegacyReports [2]Cell
}

// Column is a header cell.
type Column struct {
	Letter string
	Header string
}

// Header is what the header row says about the file's layout.
type Header struct {
	Kind    string // "xlsx" or "csv"
	Sheet   string // the sheet the rows come from (xlsx)
	Version string // template.Version or template.LegacyVersion
	Legacy  bool
	// Cols gives each field's column letter, "" when absent.
	Cols [template.NumFields]string
	// LegacyCols are the letters of "Report ID 1" and "Report ID 2".
	LegacyCols [2]string
	Unknown    []Column         // headers the template does not have (ignored)
	Missing    []template.Field // required headers that are absent
}

// Problem codes of a file that cannot be read (SPEC §3).
const (
	CodeUnreadable   = "unreadable_file"
	CodeMissingSheet = "missing_sheet"
)

// FileError is a file that cannot be read at all, said for a person.
type FileError struct {
	Code    string
	File    string
	Message string
}

func (e *FileError) Error() string { return e.File + ": " + e.Message }

func unreadable(path, format string, args ...any) *FileError {
	return &FileError{Code: CodeUnreadable, File: filepath.Base(path), Message: fmt.Sprintf(format, args...)}
}

// Reader hands out a file's data rows in order.
type Reader struct {
	Header Header
	path   string
	next   func() (Row, error)
	close  func() error
	line   int
}

// Next returns the next data row; io.EOF after the last. Blank rows are
// skipped. A damaged file gives a *FileError, never a panic.
func (r *Reader) Next() (row Row, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = unreadable(r.path, "the file is damaged after row %d (%v); open it in Excel or LibreOffice and save it again as .xlsx", r.line, p)
		}
	}()
	row, err = r.next()
	if err == nil {
		r.line = row.Line
	} else if !errors.Is(err, io.EOF) {
		var fe *FileError
		if !errors.As(err, &fe) {
			err = unreadable(r.path, "the file could not be read after row %d: %v", r.line, err)
		}
	}
	return row, err
}

// Close releases the file.
func (r *Reader) Close() error {
	if r.close == nil {
		return nil
	}
	return r.close()
}

// Open checks a file and reads its header. Errors are *FileError.
func Open(path string) (r *Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, unreadable(path, "the file is damaged (%v); open it in Excel or LibreOffice and save it again as .xlsx", p)
		}
	}()
	kind, err := sniff(path)
	if err != nil {
		return nil, err
	}
	if kind == kindCSV {
		r, err = openCSV(path)
	} else {
		r, err = openXLSX(path)
	}
	var fe *FileError
	if err != nil && !errors.As(err, &fe) {
		err = unreadable(path, "the file cannot be read: %v", err)
	}
	return r, err
}

// ReadAll reads every row of a file.
func ReadAll(path string) (Header, []Row, error) {
	r, err := Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer r.Close()
	var rows []Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Header, rows, nil
		}
		if err != nil {
			return r.Header, rows, err
		}
		rows = append(rows, row)
	}
}

// isBlank tells whether every value of a record is empty or white space.
func isBlank(values []string) bool {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Trim removes surrounding white space, including no-break spaces, as a cell
// value is trimmed; invisible format characters stay, so validation can name them.
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000' || r == '\u2007' || r == '\u202f'
	})
}

func fileSize(path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
