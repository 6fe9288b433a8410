package workbook_test

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"
)

// writeBomb writes a small .xlsx-looking package with one member that inflates
// to 600 MB of zeros.
func writeBomb(t *testing.T, path string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range 600 {
		w.Write(chunk)
	}
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		if _, err := zw.Create(name); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
