package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func baseName(path string) string { return filepath.Base(path) }

// openCSV reads a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
// "Unicode Text"), or else Windows-1252 (Excel's plain "CSV"); separated by
// commas, semicolons or tabs, whichever the header line uses.
func openCSV(path string) (*Reader, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, unreadable(path, "the file cannot be read: %v", err)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, unreadable(path, "the text encoding cannot be read (%v); save it as \"CSV UTF-8\"", err)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = guessSeparator(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	headers, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, unreadable(path, "the file holds no header row")
	}
	if err != nil {
		return nil, unreadable(path, "the header row cannot be read: %v", err)
	}
	h, slots := mapHeader(headers, "csv")
	cols := columnLetters(len(slots))
	next := func() (Row, error) {
		for {
			values, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return Row{}, io.EOF
			}
			line, _ := cr.FieldPos(0)
			if err != nil {
				return Row{}, unreadable(path, "line %d cannot be read: %v", line, err)
			}
			if isBlank(values) {
				continue
			}
			row := Row{Line: line}
			fill(&row, values, slots, cols)
			return row, nil
		}
	}
	return &Reader{Header: h, path: path, next: next}, nil
}

func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
	case utf8.Valid(data):
		return data, nil
	default:
		return charmap.Windows1252.NewDecoder().Bytes(data)
	}
}

// guessSeparator picks, among , ; and tab, the one the first line uses most
// outside quotes.
func guessSeparator(text []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(text) {
		if c == '\n' && !quoted {
			break
		}
		switch c {
		case '"':
			quoted = !quoted
		case ',', ';', '\t':
			if !quoted {
				counts[c]++
			}
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
