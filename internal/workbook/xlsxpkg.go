package workbook

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/dnaplatform/massuploader/internal/cellguard"
)

// xlsxPackage is an .xlsx opened with archive/zip: every part read from it is
// read to its end, so a checksum or size that does not match its content is
// an error (excelize ignores both), and what parts inflate to is counted
// against UnzipSizeLimit by the bytes really inflated, not the sizes declared.
type xlsxPackage struct {
	path     string
	file     *os.File
	zr       *zip.Reader
	parts    map[string]*zip.File // by lower-case name with forward slashes
	inflated int64
	// callingNames are the workbook's defined names whose formula calls out
	// (Evil = cmd|'/c calc'!A1): a cell's =Evil calls out through them.
	callingNames []string
}

func openPackage(p string) (*xlsxPackage, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, unreadable(p, "the file cannot be opened: %v", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unreadable(p, "the file cannot be opened: %v", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, unreadable(p, "the file is damaged or incomplete (%v); if it was copied or downloaded, do it again, or open it in Excel and save it again", err)
	}
	pk := &xlsxPackage{path: p, file: f, zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
	var declared uint64
	for _, zf := range zr.File {
		// Sizes declared are checked here and the bytes really inflated as
		// parts are read: a package may lie about the first, not the second.
		if declared += zf.UncompressedSize64; declared > UnzipSizeLimit {
			f.Close()
			return nil, pk.fail(zf.Name, errTooBig)
		}
		pk.parts[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/"))] = zf
	}
	return pk, nil
}

func (pk *xlsxPackage) Close() error { return pk.file.Close() }

// damaged is the unreadable_file of a file whose content is broken.
func damaged(p, format string, args ...any) *FileError {
	return unreadable(p, "the file is damaged: %s; open it in Excel and save it again", fmt.Sprintf(format, args...))
}

// part is one member being read: it counts inflated bytes against the
// package's budget and turns zip and XML errors into "damaged".
type part struct {
	pk   *xlsxPackage
	name string
	rc   io.ReadCloser
}

func (pt *part) Read(b []byte) (int, error) {
	n, err := pt.rc.Read(b)
	pt.pk.inflated += int64(n)
	if pt.pk.inflated > UnzipSizeLimit {
		return n, errTooBig
	}
	return n, err
}

func (pt *part) Close() error { return pt.rc.Close() }

var errTooBig = errors.New("unzip budget exceeded")

// open opens a part by name; ok is false when the package has no such part.
func (pk *xlsxPackage) open(name string) (*part, bool, error) {
	zf, ok := pk.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, false, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, true, damaged(pk.path, "its part %s cannot be unpacked (%v)", zf.Name, err)
	}
	return &part{pk: pk, name: zf.Name, rc: rc}, true, nil
}

// fail says what went wrong while reading a part, for a person.
func (pk *xlsxPackage) fail(name string, err error) *FileError {
	var fe *FileError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.Is(err, errTooBig):
		return unreadable(pk.path, "the workbook unpacks to more than %d MB, which is more than an import file can hold; split it into smaller files", UnzipSizeLimit>>20)
	case errors.Is(err, zip.ErrChecksum):
		return damaged(pk.path, "its part %s fails its checksum", name)
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return damaged(pk.path, "its part %s is not the size the package declares (%v)", name, err)
	default:
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return damaged(pk.path, "%s has an XML error at line %d (%s)", name, se.Line, se.Msg)
		}
		return damaged(pk.path, "%s cannot be read (%v)", name, err)
	}
}

// decoder returns a strict XML decoder over a part.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = nil
	return d
}

// walkXML reads a whole small part, calling fn for every start element and
// text; it fails on any XML error and on a part that ends early.
func (pk *xlsxPackage) walkXML(name string, fn func(stack []string, t xml.Token) (stop bool)) (found bool, err error) {
	pt, ok, err := pk.open(name)
	if !ok || err != nil {
		return ok, err
	}
	defer pt.Close()
	d := newDecoder(pt)
	var stack []string
	root := false
	for {
		t, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			if len(stack) != 0 || !root {
				return true, damaged(pk.path, "%s ends early", pt.name)
			}
			// Read to the very end so that the checksum is verified.
			if _, err := io.Copy(io.Discard, pt); err != nil {
				return true, pk.fail(pt.name, err)
			}
			return true, nil
		}
		if err != nil {
			return true, pk.fail(pt.name, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			stack, root = append(stack, t.Name.Local), true
			if fn(stack, t) {
				return true, nil
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				return true, damaged(pk.path, "%s has an XML error (unexpected </%s>)", pt.name, t.Name.Local)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if fn(stack, t) {
				return true, nil
			}
		}
	}
}

func attr(t xml.StartElement, local string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// sheetRef is a worksheet of the workbook, in the workbook's order.
type sheetRef struct{ name, part string }

// sheets resolves the workbook's sheets to their parts through workbook.xml
// and its relationships, and finds the shared strings part.
func (pk *xlsxPackage) sheets() (list []sheetRef, sharedStrings string, err error) {
	return pk.resolveSheets(false)
}

// resolveSheets is sheets; anyType also keeps a sheet whose relationship is
// not typed worksheet, as excelize does (it matches the id alone).
func (pk *xlsxPackage) resolveSheets(anyType bool) (list []sheetRef, sharedStrings string, err error) {
	wb := "xl/workbook.xml"
	if _, err := pk.walkXML("_rels/.rels", func(_ []string, t xml.Token) bool {
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			if typ, _ := attr(se, "Type"); strings.HasSuffix(typ, "/officeDocument") {
				target, _ := attr(se, "Target")
				wb = strings.TrimPrefix(path.Clean("/"+target), "/")
			}
		}
		return false
	}); err != nil {
		return nil, "", err
	}
	type entry struct{ name, rid string }
	var entries []entry
	var definedName, definition string
	found, err := pk.walkXML(wb, func(stack []string, t xml.Token) bool {
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == "definedName" {
			definedName, _ = attr(se, "name")
			definition = ""
		}
		if cd, ok := t.(xml.CharData); ok && len(stack) > 0 && stack[len(stack)-1] == "definedName" && definedName != "" {
			if definition += string(cd); cellguard.ExternalCall(definition) {
				pk.callingNames = append(pk.callingNames, definedName)
				definedName = ""
			}
		}
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == "sheet" && len(stack) >= 2 && stack[len(stack)-2] == "sheets" {
			name, _ := attr(se, "name")
			rid := ""
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
			entries = append(entries, entry{name, rid})
		}
		return false
	})
	if err != nil {
		return nil, "", err
	}
	if !found {
		return nil, "", damaged(pk.path, "it has no workbook part (%s)", wb)
	}
	dir := path.Dir(wb)
	rels := map[string]string{}
	sharedStrings = path.Join(dir, "sharedStrings.xml")
	if _, err := pk.walkXML(path.Join(dir, "_rels", path.Base(wb)+".rels"), func(_ []string, t xml.Token) bool {
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			id, _ := attr(se, "Id")
			target, _ := attr(se, "Target")
			typ, _ := attr(se, "Type")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(path.Clean(target), "/")
			} else {
				target = path.Join(dir, target)
			}
			if strings.HasSuffix(typ, "/sharedStrings") {
				sharedStrings = target
			}
			if anyType || strings.HasSuffix(typ, "/worksheet") {
				rels[id] = target
			}
		}
		return false
	}); err != nil {
		return nil, "", err
	}
	for _, e := range entries {
		if target, ok := rels[e.rid]; ok {
			list = append(list, sheetRef{name: e.name, part: target})
		}
	}
	return list, sharedStrings, nil
}

// callsThroughName tells whether a formula uses one of the defined names
// that call out; a name is matched as a whole word, as Excel reads it.
func (pk *xlsxPackage) callsThroughName(formula string) bool {
	for _, name := range pk.callingNames {
		for rest, at := formula, 0; ; {
			i := indexFold(rest, name)
			if i < 0 {
				break
			}
			before, after := at+i-1, at+i+len(name)
			if (before < 0 || !nameChar(formula[before])) && (after >= len(formula) || !nameChar(formula[after])) {
				return true
			}
			at += i + len(name)
			rest = formula[at:]
		}
	}
	return false
}

// indexFold is strings.Index ignoring ASCII case; the byte offsets stay
// those of s.
func indexFold(s, sub string) int {
	lower := func(x string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, x)
	}
	return strings.Index(lower(s), lower(sub))
}

func nameChar(c byte) bool {
	return c == '_' || c == '.' || c == '\\' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// customProperty returns a custom document property's text, "" when absent.
func (pk *xlsxPackage) customProperty(name string) (string, error) {
	var value strings.Builder
	in := false
	_, err := pk.walkXML("docProps/custom.xml", func(stack []string, t xml.Token) bool {
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local == "property" {
				n, _ := attr(t, "name")
				in = n == name
			}
		case xml.CharData:
			if in && len(stack) >= 2 && stack[len(stack)-2] == "property" && value.Len() < 256 {
				value.Write(t)
			}
		}
		return false
	})
	return strings.TrimSpace(value.String()), err
}

// sharedStrings reads the table of texts within its budgets.
func (pk *xlsxPackage) sharedStrings(name string) ([]string, error) {
	var (
		out  []string
		cur  strings.Builder
		size int
		over string
	)
	_, err := pk.walkXML(name, func(stack []string, t xml.Token) bool {
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" && len(stack) == 2 {
				if len(out) > 0 {
					out[len(out)-1] = unescapeOOXML(cur.String())
				}
				if len(out) >= MaxSharedStrings {
					over = fmt.Sprintf("more than %d different texts", MaxSharedStrings)
					return true
				}
				out = append(out, "")
				cur.Reset()
			}
		case xml.CharData:
			// The text of an si is its t, or its runs' t; phonetic runs (rPh) are not part of it.
			n := len(stack)
			if n < 3 || stack[n-1] != "t" || len(out) == 0 {
				return false
			}
			if stack[n-2] != "si" && (stack[n-2] != "r" || stack[n-3] != "si") {
				return false
			}
			size += len(t)
			if size > MaxSharedStringBytes {
				over = fmt.Sprintf("more than %d MB of text", MaxSharedStringBytes>>20)
				return true
			}
			cur.Write(t)
		}
		return false
	})
	if len(out) > 0 && over == "" {
		out[len(out)-1] = unescapeOOXML(cur.String())
	}
	if over != "" {
		return nil, unreadable(pk.path, "the workbook holds %s, more than an import list can hold (at most %d rows); split it into smaller files", over, MaxDataRows)
	}
	return out, err
}
