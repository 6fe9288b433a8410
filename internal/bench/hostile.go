package bench

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
)

// Hostile files: small packages that ask for unbounded work, as a hostile
// tester built them (issue 12). Each must be refused within seconds and far
// under 1 GB; cmd/massbench -hostile measures that, a test asserts the refusal.
const (
	HostileRows    = "one-char-rows" // 1 048 576 rows of one character, ~5 MB
	HostileStrings = "tiny-strings"  // 480 MB of tiny shared strings, ~3.6 MB
	HostileJunk    = "junk-entries"  // entries that inflate to 1.5 GB, under 2 MB
)

// HostileKinds are the hostile files, in the order massbench reports them.
var HostileKinds = []string{HostileRows, HostileStrings, HostileJunk}

// HostileFile writes a hostile file of the given kind into dir; scale 1 is
// the full size, a smaller one (for tests) keeps the shape and cuts the work.
func HostileFile(dir, kind string, scale float64) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("hostile-%s-%g.xlsx", kind, scale))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	base := filepath.Join(dir, "hostile-base.xlsx")
	if err := fixtures.WriteXLSX(base, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(1)},
		fixtures.Options{Version: template.Version}); err != nil {
		return "", err
	}
	defer os.Remove(base)
	data, err := os.ReadFile(base)
	if err != nil {
		return "", err
	}
	var out []byte
	switch kind {
	case HostileRows:
		out, err = replacePart(data, "xl/worksheets/sheet1.xml", func(old []byte) []byte {
			var b bytes.Buffer
			b.Write(old[:bytes.Index(old, []byte("<sheetData>"))+len("<sheetData>")])
			b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c></row>`)
			for r := 2; r <= int(1_048_576*scale); r++ {
				fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
			}
			b.WriteString(`</sheetData></worksheet>`)
			return b.Bytes()
		}, nil)
	case HostileStrings:
		out, err = replacePart(data, "xl/sharedStrings.xml", func(old []byte) []byte {
			n := int(480 << 20 * scale / 17)
			var b bytes.Buffer
			b.Grow(n*17 + 200)
			b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			b.Write(old[bytes.Index(old, []byte("<si>")):bytes.LastIndex(old, []byte("</sst>"))])
			for range n {
				b.WriteString(`<si><t>a</t></si>`)
			}
			b.WriteString(`</sst>`)
			return b.Bytes()
		}, nil)
	case HostileJunk:
		out, err = replacePart(data, "", nil, func(zw *zip.Writer) error {
			// One member compressed once, written 3000 times.
			zeros := make([]byte, 512<<10)
			var packed bytes.Buffer
			fw, _ := flate.NewWriter(&packed, flate.BestCompression)
			fw.Write(zeros)
			fw.Close()
			for i := range int(3000 * scale) {
				w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("xl/junk/%d.bin", i), Method: zip.Deflate,
					CRC32: crc32.ChecksumIEEE(zeros), CompressedSize64: uint64(packed.Len()), UncompressedSize64: uint64(len(zeros))})
				if err != nil {
					return err
				}
				if _, err := w.Write(packed.Bytes()); err != nil {
					return err
				}
			}
			return nil
		})
	default:
		return "", fmt.Errorf("no hostile file %q (%s)", kind, strings.Join(HostileKinds, ", "))
	}
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, out, 0o644)
}

// replacePart rewrites a package with one part's content edited and, if
// extra is given, more members added.
func replacePart(data []byte, part string, edit func([]byte) []byte, extra func(*zip.Writer) error) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if zf.Name == part {
			content = edit(content)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(content); err != nil {
			return nil, err
		}
	}
	if extra != nil {
		if err := extra(zw); err != nil {
			return nil, err
		}
	}
	err = zw.Close()
	return buf.Bytes(), err
}
