package workbook_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
)

// This file builds damaged workbooks: the regression tests of strict reading,
// the soak test and the fuzz seeds share it.

const sheetPart = "xl/worksheets/sheet1.xml"

// writeClients writes a workbook of n valid clients and returns its bytes.
func writeClients(t testing.TB, n int, stream bool) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clients.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(n)},
		fixtures.Options{Version: template.Version, Stream: stream}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// rezip rewrites a package, passing each part's content through edit.
func rezip(t testing.TB, data []byte, edit func(name string, content []byte) []byte) []byte {
	t.Helper()
	out, err := fixtures.Rezip(data, edit)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// editPart changes one part's content.
func editPart(t testing.TB, data []byte, part string, edit func([]byte) []byte) []byte {
	return rezip(t, data, func(name string, content []byte) []byte {
		if name == part {
			return edit(content)
		}
		return content
	})
}

// lyingSize rewrites a package with one part whose declared size is smaller
// than its content (its checksum is right): what a damaged copy can look like.
func lyingSize(t testing.TB, data []byte, part string, less uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		content, _ := io.ReadAll(rc)
		rc.Close()
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.DefaultCompression)
		fw.Write(content)
		fw.Close()
		size := uint64(len(content))
		if zf.Name == part {
			size -= less
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(packed.Bytes())
	}
	zw.Close()
	return buf.Bytes()
}

// damage makes a randomly damaged copy of a package: cut at a random byte,
// one random byte changed, or one entry's declared size changed in the
// central directory.
func damage(r *rand.Rand, data []byte) ([]byte, string) {
	out := bytes.Clone(data)
	switch r.IntN(3) {
	case 0:
		n := r.IntN(len(out))
		return out[:n], "cut at byte " + strconv.Itoa(n)
	case 1:
		i := r.IntN(len(out))
		out[i] ^= byte(1 + r.IntN(255))
		return out, "byte " + strconv.Itoa(i) + " changed"
	default:
		var dirs []int
		for i := 0; i+46 <= len(out); i++ {
			if binary.LittleEndian.Uint32(out[i:]) == 0x02014b50 {
				dirs = append(dirs, i)
			}
		}
		if len(dirs) == 0 {
			return out, "no central directory"
		}
		at := dirs[r.IntN(len(dirs))] + 24 // the uncompressed size
		size := binary.LittleEndian.Uint32(out[at:])
		delta := uint32(1 + r.IntN(64))
		if r.IntN(2) == 0 && size > delta {
			size -= delta
		} else {
			size += delta
		}
		binary.LittleEndian.PutUint32(out[at:], size)
		return out, "an entry's size changed at byte " + strconv.Itoa(at)
	}
}

func writeBytes(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
