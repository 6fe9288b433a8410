package workbook

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/dnaplatform/massuploader/internal/cellguard"
)

// Formula says whether a cell's value came from a formula.
type Formula uint8

const (
	// NoFormula is a typed or pasted value.
	NoFormula Formula = iota
	// Calculated is a formula with a cached value: the cell counts by that
	// value, as Excel shows it.
	Calculated
	// Uncalculated is a formula that was never calculated (written by a
	// script): it has no value to read.
	Uncalculated
	// External is a formula that calls another program or workbook (DDE such
	// as cmd|'/c calc'!A1, an external reference such as [1]Sheet!A1, or a
	// function like WEBSERVICE): an error whatever its cached value.
	External
)

// sheetCell is one cell as stored: its column number (A = 1) and value.
type sheetCell struct {
	col     int
	value   string
	formula Formula
}

// sheetStream reads a worksheet part strictly, row by row: any XML error, a
// part that does not end with </sheetData></worksheet>, a checksum or size
// mismatch, or fewer rows than its <dimension> declares is a damaged file.
type sheetStream struct {
	pk      *xlsxPackage
	pt      *part
	d       *xml.Decoder
	sst     []string
	stack   []string
	dimLast int // the last row the sheet declares, 0 when it does not
	last    int // the last row read
	ended   bool
	shared  map[string]Formula // shared formulas' kinds, by si
	cells   []sheetCell
	buf     []byte
	nCells  int // cells read so far, against MaxCells
}

func (pk *xlsxPackage) openSheet(ref sheetRef, sst []string) (*sheetStream, error) {
	pt, ok, err := pk.open(ref.part)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, damaged(pk.path, "the sheet %s has no part %s", ref.name, ref.part)
	}
	return &sheetStream{pk: pk, pt: pt, d: newDecoder(pt), sst: sst}, nil
}

func (s *sheetStream) Close() error { return s.pt.Close() }

func (s *sheetStream) parent(up int) string {
	if i := len(s.stack) - 1 - up; i >= 0 {
		return s.stack[i]
	}
	return ""
}

// next returns the next row that has a <row> element: its number and cells
// (reused on the next call); io.EOF after a sheet that ends properly.
func (s *sheetStream) next() (int, []sheetCell, error) {
	var (
		line              int
		cur               sheetCell
		typ, fText, si    string
		hasV, hasF, hasIs bool
		capture           int // 0 none, 1 v, 2 f, 3 inline text
		v                 []byte
		is                []byte
	)
	s.cells = s.cells[:0]
	for {
		t, err := s.d.RawToken()
		if errors.Is(err, io.EOF) {
			return 0, nil, s.finish()
		}
		if err != nil {
			return 0, nil, s.pk.fail(s.pt.name, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			s.stack = append(s.stack, t.Name.Local)
			switch t.Name.Local {
			case "dimension":
				if s.parent(1) == "worksheet" {
					ref, _ := attr(t, "ref")
					if i := strings.LastIndexByte(ref, ':'); i >= 0 {
						ref = ref[i+1:]
					}
					_, s.dimLast, _ = cellRef(ref)
				}
			case "row":
				if s.parent(1) != "sheetData" {
					continue
				}
				line = s.last + 1
				if r, ok := attr(t, "r"); ok {
					n, err := strconv.Atoi(r)
					if err != nil {
						return 0, nil, damaged(s.pk.path, "a row after row %d has the number %q", s.last, r)
					}
					line = n
				}
				if line <= s.last || line > maxSheetRow {
					return 0, nil, damaged(s.pk.path, "row %d follows row %d", line, s.last)
				}
			case "c":
				if line == 0 || s.parent(1) != "row" {
					continue
				}
				cur = sheetCell{col: 1}
				if len(s.cells) > 0 {
					cur.col = s.cells[len(s.cells)-1].col + 1
				}
				if r, ok := attr(t, "r"); ok {
					col, _, ok := cellRef(r)
					if !ok {
						return 0, nil, damaged(s.pk.path, "row %d has a cell named %q", line, r)
					}
					cur.col = col
				}
				if cur.col > MaxColumns || len(s.cells) >= MaxColumns {
					return 0, nil, unreadable(s.pk.path, "row %d has more than %d columns, more than a list can hold; keep the template's columns only", line, MaxColumns)
				}
				if s.nCells++; s.nCells > MaxCells {
					return 0, nil, unreadable(s.pk.path, "the sheet holds more than %d cells (row %d is beyond that), more than a list can hold; keep the template's columns only, or split the file", MaxCells, line)
				}
				typ, _ = attr(t, "t")
				fText, si = "", ""
				hasV, hasF, hasIs = false, false, false
				v, is = v[:0], is[:0]
			case "v":
				if s.parent(1) == "c" {
					capture, hasV = 1, true
				}
			case "f":
				if s.parent(1) == "c" {
					capture, hasF = 2, true
					s.buf = s.buf[:0]
					if ft, _ := attr(t, "t"); ft == "shared" {
						si, _ = attr(t, "si")
					}
				}
			case "is":
				if s.parent(1) == "c" {
					hasIs = true
				}
			case "t":
				if p := s.parent(1); p == "is" || (p == "r" && s.parent(2) == "is") {
					capture = 3
				}
			}
		case xml.CharData:
			switch capture {
			case 1:
				v = append(v, t...)
			case 2:
				s.buf = append(s.buf, t...)
			case 3:
				is = append(is, t...)
			}
		case xml.EndElement:
			if len(s.stack) == 0 || s.stack[len(s.stack)-1] != t.Name.Local {
				return 0, nil, damaged(s.pk.path, "the sheet has an XML error after row %d (unexpected </%s>)", s.last, t.Name.Local)
			}
			s.stack = s.stack[:len(s.stack)-1]
			switch t.Name.Local {
			case "v", "t":
				capture = 0
			case "f":
				capture = 0
				fText = string(s.buf)
			case "c":
				if line == 0 || s.parent(0) != "row" {
					continue
				}
				val, err := s.value(typ, v, is, hasV, hasIs, line, cur.col)
				if err != nil {
					return 0, nil, err
				}
				cur.value = val
				if hasF {
					cur.formula = s.formula(fText, si, hasV || hasIs)
				}
				s.cells = append(s.cells, cur)
			case "row":
				if line == 0 || s.parent(0) != "sheetData" {
					continue
				}
				s.last = line
				return line, s.cells, nil
			case "worksheet":
				if len(s.stack) == 0 {
					s.ended = true
				}
			}
		}
	}
}

// value is a cell's text as excelize gives it with RawCellValue: shared and
// inline strings resolved, numbers, dates and booleans as stored.
func (s *sheetStream) value(typ string, v, is []byte, hasV, hasIs bool, line, col int) (string, error) {
	switch {
	case typ == "s" && hasV:
		i, err := strconv.Atoi(strings.TrimSpace(string(v)))
		if err != nil || i < 0 || i >= len(s.sst) {
			return "", damaged(s.pk.path, "cell %s%d refers to text %q, which the workbook does not hold", columnName(col), line, v)
		}
		return s.sst[i], nil
	case typ == "inlineStr" && hasIs:
		return unescapeOOXML(string(is)), nil
	}
	return string(v), nil
}

// formula classifies a cell's formula. Shared formulas keep their master's
// text only; the cells that share it take its kind.
func (s *sheetStream) formula(text, si string, cached bool) Formula {
	dangerous := false
	if text != "" {
		dangerous = cellguard.ExternalCall(text) || s.pk.callsThroughName(text)
		if si != "" {
			if s.shared == nil {
				s.shared = map[string]Formula{}
			}
			if len(s.shared) < MaxColumns {
				s.shared[si] = map[bool]Formula{true: External, false: Calculated}[dangerous]
			}
		}
	} else if si != "" {
		// A share whose master was not kept (past the cap) is not known to be
		// harmless: judged as calling out, never waved through.
		kind, known := s.shared[si]
		dangerous = !known || kind == External
	}
	switch {
	case dangerous:
		return External
	case !cached:
		return Uncalculated
	default:
		return Calculated
	}
}

// finish checks, at the end of the part, that the sheet ended properly and
// held the rows it declared, and reads the part to its end so that its
// checksum and size are verified.
func (s *sheetStream) finish() error {
	if !s.ended || len(s.stack) != 0 {
		return damaged(s.pk.path, "the sheet ends early, after row %d", s.last)
	}
	if s.dimLast > s.last {
		return damaged(s.pk.path, "the sheet declares rows up to %d but holds rows up to %d only", s.dimLast, s.last)
	}
	if _, err := io.Copy(io.Discard, s.pt); err != nil {
		return s.pk.fail(s.pt.name, err)
	}
	return io.EOF
}

// cellRef splits "AB12" into column 28 and row 12; a bare "AB" has row 0.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > MaxColumns {
		return 0, 0, false
	}
	if rest := strings.TrimLeft(ref[i:], "$"); rest != "" {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return 0, 0, false
		}
		row = n
	}
	return col, row, true
}

func columnName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// unescapeOOXML decodes the _xHHHH_ escapes Excel writes for characters XML
// cannot hold (a tab is _x0009_; _x005F_ escapes an underscore), as excelize
// does for the texts it reads.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				if n == 0x5F && i+14 <= len(s) && s[i+7] == '_' && s[i+8] == 'x' && s[i+13] == '_' {
					// _x005F_ before another escape keeps that one literal.
					b.WriteString(s[i+7 : i+14])
					i += 14
					continue
				}
				b.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
